package io.hbi.inventory.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.selection.AccountToOrg;
import io.hbi.inventory.tenancy.AccountOrgCsv.Parsed;
import io.hbi.inventory.tenancy.AccountOrgCsv.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountOrgCsvTest {

    @Test
    void readsPairsAfterAnOptionalHeaderIgnoringBlankLinesWhitespaceAndQuotes() {
        Parsed parsed = AccountOrgCsv.parse(List.of("\uFEFF account , org_id ", "0000001,org-1", "", "   ",
                "  0000002 ,\t5318290 ", "\"0000003\",\"org 3\"", "0000001,org-1"));

        assertThat(parsed.valid()).isTrue();
        assertThat(parsed.mappings()).containsExactly(new AccountToOrg("0000001", "org-1"),
                new AccountToOrg("0000002", "5318290"), new AccountToOrg("0000003", "org 3"));
    }

    @Test
    void theHeaderIsOptional() {
        assertThat(AccountOrgCsv.parse(List.of("0000001,org-1")).mappings())
                .containsExactly(new AccountToOrg("0000001", "org-1"));
    }

    @Test
    void valuesUpToTheColumnsLengthsPass() {
        String account = "1234567890";
        String org = "o".repeat(36);
        String emoji = "\uD83D\uDE00".repeat(10);

        assertThat(AccountOrgCsv.parse(List.of(account + "," + org, emoji + "," + org)).mappings())
                .containsExactly(new AccountToOrg(account, org), new AccountToOrg(emoji, org));
    }

    @Test
    void everyProblemIsReportedWithItsLineAndNoMappingIsReturned() {
        Parsed parsed = AccountOrgCsv.parse(List.of(
                "account,org_id",
                "0000001,org-1",
                ",org-2",
                "0000003,",
                "12345678901,org-4",
                "0000005," + "o".repeat(37),
                "0000006",
                "0000007,org-7,extra",
                "0000001,org-9",
                "account,org_id",
                "0000008,org\u0000",
                "0000001,org-1"));

        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.mappings()).isEmpty();
        assertThat(parsed.problems()).containsExactly(
                new Problem(3, "account is empty"),
                new Problem(4, "org_id is empty"),
                new Problem(5, "account is 11 characters long, at most 10 allowed"),
                new Problem(6, "org_id is 37 characters long, at most 36 allowed"),
                new Problem(7, "expected account,org_id, found 1 values"),
                new Problem(8, "expected account,org_id, found 3 values"),
                new Problem(9, "account 0000001 is mapped to org org-9 here and to org org-1 on line 2"),
                new Problem(10, "the header account,org_id belongs on the first line"),
                new Problem(11, "org_id holds a control character or a double quote"));
        assertThat(parsed.problems().get(0)).hasToString("line 3: account is empty");
    }

    @Test
    void bothValuesOfALineAreChecked() {
        assertThat(AccountOrgCsv.parse(List.of(" , ")).problems())
                .containsExactly(new Problem(1, "account is empty"), new Problem(1, "org_id is empty"));
    }

    @Test
    void aFileThatMapsNoAccountIsRefused() {
        for (List<String> lines : List.of(List.<String>of(), List.of("account,org_id"), List.of("", " "))) {
            assertThat(AccountOrgCsv.parse(lines).problems()).extracting(Problem::toString)
                    .containsExactly("the file maps no account (expected lines account,org_id)");
        }
    }
}
