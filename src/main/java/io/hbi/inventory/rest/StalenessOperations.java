package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.events.HostJson;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.settings.OrgStalenessSettings;
import io.hbi.inventory.staleness.StalenessChange;
import io.hbi.inventory.staleness.StalenessSetting;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * {@code /account/staleness} (hbi-later §L3.2): the caller's org's staleness setting, answered as later HBI's
 * StalenessOutput. Settings belong to an org: an identity without one (a 2020 identity, the trusted system's bearer
 * token alone) is a 403, and so is a System identity's change (a host's certificate does not set its org's rules,
 * decisions.md 16). No query parameter is declared.
 */
public final class StalenessOperations {

    static final String NEEDS_ORG = "Staleness settings belong to an org: the identity has no org_id.";
    static final String SYSTEM_MAY_NOT_CHANGE = "A System identity may not change its org's staleness settings.";
    static final Set<String> PARAMETERS = Set.of();

    private final OrgStalenessSettings settings;
    private final ObjectMapper json;

    public StalenessOperations(OrgStalenessSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /** GET /account/staleness: the org's setting, or the system defaults. */
    public ApiResponse current(@ExchangeProperty("identity") Identity identity,
                               @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        String orgId = org(identity, rawQuery);
        return ApiResponse.ok(output(settings.current(orgId)));
    }

    /** GET /account/staleness/defaults: the system defaults, whatever the org saved. */
    public ApiResponse defaults(@ExchangeProperty("identity") Identity identity,
                                @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        return ApiResponse.ok(output(StalenessSetting.systemDefaults(org(identity, rawQuery))));
    }

    /** POST /account/staleness: 201 with the setting saved (the defaults when it is near them). */
    public ApiResponse create(@ExchangeProperty("identity") Identity identity,
                              @Header(ReadOperations.RAW_QUERY) String rawQuery, @Body String body) {
        String orgId = changer(identity, rawQuery);
        return new ApiResponse(201, output(settings.create(orgId, StalenessChange.parse(JsonBody.read(json, body)))));
    }

    /** PATCH /account/staleness: 200 with the setting as changed (the defaults when it is near them). */
    public ApiResponse update(@ExchangeProperty("identity") Identity identity,
                              @Header(ReadOperations.RAW_QUERY) String rawQuery, @Body String body) {
        String orgId = changer(identity, rawQuery);
        return ApiResponse.ok(output(settings.update(orgId, StalenessChange.parse(JsonBody.read(json, body)))));
    }

    /** DELETE /account/staleness: 204. */
    public ApiResponse delete(@ExchangeProperty("identity") Identity identity,
                              @Header(ReadOperations.RAW_QUERY) String rawQuery) {
        settings.delete(changer(identity, rawQuery));
        return new ApiResponse(204, null);
    }

    /** The caller's org; 403 without one. */
    private static String org(Identity identity, String rawQuery) {
        if (identity.trusted() || !identity.byOrg()) {
            throw new ProblemException(403, "Forbidden", NEEDS_ORG);
        }
        QueryParameters.parse(rawQuery, PARAMETERS);
        return identity.orgId();
    }

    /** The org of a caller that may change its setting; 403 for a System identity. */
    private static String changer(Identity identity, String rawQuery) {
        String orgId = org(identity, rawQuery);
        if (identity.isSystem()) {
            throw new ProblemException(403, "Forbidden", SYSTEM_MAY_NOT_CHANGE);
        }
        return orgId;
    }

    /**
     * Later HBI's StalenessOutput: {@code id} ("system_default" for the defaults), org_id, the conventional seconds and
     * the immutable ones (the same: edge hosts follow the conventional setting), created and updated (null for the
     * defaults).
     */
    static ObjectNode output(StalenessSetting setting) {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.put("id", setting.systemDefault() ? "system_default" : setting.id().toString());
        output.put("org_id", setting.orgId());
        for (String kind : new String[] {"conventional", "immutable"}) {
            output.put(kind + "_time_to_stale", setting.staleSeconds());
            output.put(kind + "_time_to_stale_warning", setting.staleWarningSeconds());
            output.put(kind + "_time_to_delete", setting.deleteSeconds());
        }
        output.put("created", HostJson.isoformat(setting.created()));
        output.put("updated", HostJson.isoformat(setting.updated()));
        return output;
    }
}
