package io.hbi.inventory.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hbi.inventory.events.HostJson;
import io.hbi.inventory.host.CheckInInput;
import io.hbi.inventory.identity.Identity;
import io.hbi.inventory.ingest.HostCheckIn;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * {@code POST /hosts/checkin} (hbi-later §L3.4): 201 with the host that checked in, by its org's staleness rules; 404
 * when none of the caller's hosts matches the canonical facts. No query parameter is declared.
 */
public final class CheckInOperation {

    static final Set<String> PARAMETERS = Set.of();

    private final HostCheckIn checkIns;
    private final ObjectMapper json;

    public CheckInOperation(HostCheckIn checkIns, ObjectMapper json) {
        this.checkIns = checkIns;
        this.json = json;
    }

    public ApiResponse checkIn(@ExchangeProperty("identity") Identity identity,
                               @Header(ReadOperations.RAW_QUERY) String rawQuery,
                               @Header("x-rh-insights-request-id") String requestId, @Body String body) {
        CheckInInput input = CheckInInput.parse(JsonBody.read(json, body));
        QueryParameters.parse(rawQuery, PARAMETERS);
        HostCheckIn.Checked checked = checkIns.checkIn(identity.tenant(), input, requestId);
        return new ApiResponse(201, HostJson.restHost(checked.host(), checked.staleness()));
    }
}
