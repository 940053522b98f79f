package io.hbi.inventory.tenancy;

import io.hbi.inventory.selection.AccountToOrg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The file of {@code map-accounts}: one {@code account,org_id} pair a line, optionally after a header line
 * {@code account,org_id}. Blank lines and the whitespace around a value are ignored, and a value may be written in
 * double quotes, as spreadsheets export it. The whole file is checked before anything is written: an account is
 * 1..10 characters, an org id 1..36, neither holds a control character, and an account is mapped to one org (the same
 * pair twice is fine).
 */
public final class AccountOrgCsv {

    static final String HEADER = "account,org_id";

    /** One thing wrong with the file, at its line (1-based; 0 for the file as a whole). */
    public record Problem(int line, String message) {

        @Override
        public String toString() {
            return line == 0 ? message : "line " + line + ": " + message;
        }
    }

    /** The mappings of a file, one per account in the order of first appearance, or what is wrong with it. */
    public record Parsed(List<AccountToOrg> mappings, List<Problem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private AccountOrgCsv() {
    }

    /** Reads the lines of a file (without their line ends). */
    public static Parsed parse(List<String> lines) {
        Map<String, Mapped> byAccount = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        boolean first = true;
        for (int index = 0; index < lines.size(); index++) {
            int number = index + 1;
            String line = index == 0 ? withoutByteOrderMark(lines.get(index)) : lines.get(index);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            boolean header = fields.length == 2 && value(fields[0]).equalsIgnoreCase("account")
                    && value(fields[1]).equalsIgnoreCase("org_id");
            boolean wasFirst = first;
            first = false;
            if (header) {
                if (!wasFirst) {
                    problems.add(new Problem(number, "the header " + HEADER + " belongs on the first line"));
                }
                continue;
            }
            if (fields.length != 2) {
                problems.add(new Problem(number, "expected " + HEADER + ", found " + fields.length + " values"));
                continue;
            }
            String account = value(fields[0]);
            String orgId = value(fields[1]);
            List<String> wrong = new ArrayList<>();
            check("account", account, AccountToOrg.ACCOUNT_MAX).ifPresent(wrong::add);
            check("org_id", orgId, AccountToOrg.ORG_ID_MAX).ifPresent(wrong::add);
            if (!wrong.isEmpty()) {
                wrong.forEach(message -> problems.add(new Problem(number, message)));
                continue;
            }
            Mapped earlier = byAccount.get(account);
            if (earlier == null) {
                byAccount.put(account, new Mapped(new AccountToOrg(account, orgId), number));
            } else if (!earlier.mapping().orgId().equals(orgId)) {
                problems.add(new Problem(number, "account " + account + " is mapped to org " + orgId
                        + " here and to org " + earlier.mapping().orgId() + " on line " + earlier.line()));
            }
        }
        if (problems.isEmpty() && byAccount.isEmpty()) {
            problems.add(new Problem(0, "the file maps no account (expected lines " + HEADER + ")"));
        }
        List<AccountToOrg> mappings = byAccount.values().stream().map(Mapped::mapping).toList();
        return new Parsed(problems.isEmpty() ? mappings : List.of(), List.copyOf(problems));
    }

    private record Mapped(AccountToOrg mapping, int line) {
    }

    /** A field without the whitespace around it and without one pair of enclosing double quotes. */
    private static String value(String field) {
        String value = field.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        return value;
    }

    private static Optional<String> check(String name, String value, int max) {
        if (value.isEmpty()) {
            return Optional.of(name + " is empty");
        }
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            return Optional.of(name + " is " + length + " characters long, at most " + max + " allowed");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) || c == '"')) {
            return Optional.of(name + " holds a control character or a double quote");
        }
        return Optional.empty();
    }

    private static String withoutByteOrderMark(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
