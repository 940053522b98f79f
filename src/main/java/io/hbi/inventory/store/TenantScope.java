package io.hbi.inventory.store;

import io.hbi.inventory.selection.Tenant;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The condition that keeps a statement on {@code hosts} within a tenant's hosts (decisions.md 10 and 16): an org's
 * hosts for a today's caller ({@code org_id}, the org-leading indexes of V9), an account's for a 2020 caller
 * ({@code account}, as in 2020: it includes the account's hosts that an org adopted), and for a System identity only
 * the org's hosts it owns ({@code host_owner}, index hosts_org_owner).
 */
final class TenantScope {

    static final String ORG = "org_id = ?";
    static final String OWNED = "org_id = ? AND host_owner(system_profile_facts) = ?";
    static final String ACCOUNT = "account = ?";

    /** The kinds of tenant in the count tables (V8: {@code tenant_kind}). */
    static final String KIND_ORG = "o";
    static final String KIND_ACCOUNT = "a";

    private TenantScope() {
    }

    /** The condition, with its parameters in {@link #values} order. */
    static String sql(Tenant tenant) {
        if (!tenant.byOrg()) {
            return ACCOUNT;
        }
        return tenant.owner() == null ? ORG : OWNED;
    }

    static List<Object> values(Tenant tenant) {
        List<Object> values = new ArrayList<>();
        values.add(key(tenant));
        if (tenant.owner() != null) {
            values.add(tenant.owner());
        }
        return values;
    }

    /**
     * The condition that keeps a statement on {@code groups} within the tenant's groups (decisions.md 10 and 12): an
     * org's for a today's caller, an account's for a 2020 caller, as for hosts; a System identity's are its org's (a
     * group has no owner). Its one parameter is {@link #key}.
     */
    static String groupSql(Tenant tenant) {
        return tenant.byOrg() ? ORG : ACCOUNT;
    }

    /** {@link #sql} AND-ed to {@code where}. */
    static SqlWhere of(Tenant tenant) {
        return new SqlWhere().and(sql(tenant), values(tenant).toArray());
    }

    /** Binds {@link #values} from index {@code first}; returns the next free index. */
    static int bind(PreparedStatement statement, int first, Tenant tenant) throws SQLException {
        int index = first;
        for (Object value : values(tenant)) {
            statement.setObject(index++, value);
        }
        return index;
    }

    /** The org of a today's caller, the account of a 2020 one: the value its scope compares with. */
    static String key(Tenant tenant) {
        return tenant.byOrg() ? tenant.orgId() : tenant.account();
    }

    /** The column of {@code hosts} that holds {@link #key}. */
    static String column(Tenant tenant) {
        return tenant.byOrg() ? "org_id" : "account";
    }

    /** The {@code tenant_kind} of the count tables. */
    static String kind(Tenant tenant) {
        return tenant.byOrg() ? KIND_ORG : KIND_ACCOUNT;
    }
}
