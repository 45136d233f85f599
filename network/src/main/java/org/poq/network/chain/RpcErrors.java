package org.poq.network.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what public endpoints mean by their error messages. There is no standard: these are the
 * wordings of the common providers (Infura, Alchemy, QuickNode, public L2 endpoints, geth, erigon).
 */
public final class RpcErrors {
    private static final Pattern RATE = Pattern.compile(
            "rate limit|too many requests|request rate|limit exceeded|capacity exceeded|exceeded .*(quota|rate|compute units)");
    private static final Pattern LOG_CAP = Pattern.compile(
            "block range|range (is )?too (large|wide|big)|range limit|more than \\d+ (results|logs)|too many (results|logs)"
                    + "|response size|query timeout|exceed(s|ed)? (max|maximum)|limit exceeded|max(imum)? .*blocks");
    private static final Pattern CAP_NUMBER = Pattern.compile("(?:max(?:imum)?|limit(?: of)?|up to|at most)\\D{0,20}(\\d{2,7})");

    private RpcErrors() {
    }

    /** True when a response (or any part of a batch answer) is a refusal for load, not an answer. */
    public static boolean isThrottled(JsonNode response) {
        if (response == null) {
            return false;
        }
        if (response.isArray()) {
            for (JsonNode part : response) {
                if (isThrottled(part)) {
                    return true;
                }
            }
            return false;
        }
        JsonNode error = response.path("error");
        if (error.isMissingNode() || error.isNull()) {
            return false;
        }
        String message = error.path("message").asText("").toLowerCase(Locale.ROOT);
        // "limit exceeded" on eth_getLogs usually means the range: that is the pager's to shrink
        return RATE.matcher(message).find() && !message.contains("range") && !message.contains("results");
    }

    /** True when an eth_getLogs error means the query asked for too many blocks or returned too many logs. */
    public static boolean isLogQueryTooLarge(String message) {
        return message != null && LOG_CAP.matcher(message.toLowerCase(Locale.ROOT)).find();
    }

    /** The block count an error names as the endpoint's cap ("max range 2000", "limited to 10000 blocks"). */
    public static Optional<Long> statedBlockCap(String message) {
        if (message == null || !message.toLowerCase(Locale.ROOT).contains("block")) {
            return Optional.empty();
        }
        Matcher m = CAP_NUMBER.matcher(message.toLowerCase(Locale.ROOT));
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }
}
