package org.poq.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poq.network.chain.Backoff;
import org.poq.network.chain.RpcErrors;

/** The descriptor's chain settings, their defaults per chain kind, and how endpoint errors are read. */
class ChainSettingsTest {
    private static final NetworkDescriptor.Contracts C = new NetworkDescriptor.Contracts("0x1", "0x2", "0x3");

    private static NetworkDescriptor on(long chainId) {
        return new NetworkDescriptor("n", chainId, List.of("http://127.0.0.1:8545"), C, 0, List.of(), null);
    }

    @Test
    void confirmationsAndFirstPageFollowTheChainKindUnlessTheDescriptorSetsThem() {
        assertThat(on(31337).effectiveConfirmations()).isZero();
        assertThat(on(1).effectiveConfirmations()).isEqualTo(3);
        assertThat(on(8453).effectiveConfirmations()).isEqualTo(1);
        assertThat(on(424242).effectiveConfirmations()).isEqualTo(12);
        assertThat(on(1).effectiveLogPageBlocks()).isEqualTo(2_000);
        assertThat(on(1).withConfirmations(6).effectiveConfirmations()).isEqualTo(6);
    }

    @Test
    void theSettingsSurviveAWriteAndAreLeftOutWhenUnset() {
        NetworkDescriptor d = on(1).withConfirmations(5).withRpcUrls(List.of("http://a", "http://b"));
        NetworkDescriptor back = NetworkDescriptor.parse(d.toJson());
        assertThat(back.confirmations()).isEqualTo(5);
        assertThat(back.rpcUrls()).containsExactly("http://a", "http://b");
        assertThat(on(1).toJson()).doesNotContain("confirmations").doesNotContain("logPageBlocks");
    }

    @Test
    void outOfRangeSettingsAreRefusedInPlainWordsWithTheRange() {
        assertThatThrownBy(() -> on(1).withConfirmations(-1)).hasMessage("confirmations must be between 0 and 1000 blocks, not -1");
        assertThatThrownBy(() -> NetworkDescriptor.parse(on(1).toJson().replace("\"deployBlock\"", "\"logPageBlocks\" : 0, \"deployBlock\"")))
                .hasMessageContaining("logPageBlocks must be between 1 and 1000000, not 0")
                .hasMessageNotContaining("Exception");
        assertThatThrownBy(() -> on(1).withRpcUrls(List.of("http://a", " ")))
                .hasMessage("a network descriptor needs at least one RPC URL, and no empty one");
    }

    @Test
    void endpointErrorsAreReadAsRateLimitsOrAsLogQueriesTooLarge() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(RpcErrors.isThrottled(json.createObjectNode().set("error",
                json.createObjectNode().put("code", -32005).put("message", "limit exceeded")))).isTrue();
        assertThat(RpcErrors.isThrottled(json.createObjectNode().set("error",
                json.createObjectNode().put("message", "query returned more than 10000 results")))).isFalse();
        assertThat(RpcErrors.isLogQueryTooLarge("query returned more than 10000 results")).isTrue();
        assertThat(RpcErrors.isLogQueryTooLarge("Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range")).isTrue();
        assertThat(RpcErrors.isLogQueryTooLarge("execution reverted")).isFalse();
        assertThat(RpcErrors.statedBlockCap("block range is too large: at most 2000 blocks per query")).contains(2000L);
        assertThat(RpcErrors.statedBlockCap("query returned more than 10000 results")).isEmpty();
        assertThat(RpcErrors.statedBlockCap("exceed maximum block range: 5000")).contains(5000L);
    }

    @Test
    void backoffGrowsToItsCapWithJitterInTheUpperHalf() {
        Backoff b = Backoff.defaults();
        for (int attempt = 0; attempt < 12; attempt++) {
            long ceiling = Math.min(4_000, 100L << attempt);
            for (int i = 0; i < 50; i++) {
                assertThat(b.delayMillis(attempt)).isBetween(ceiling / 2, ceiling);
            }
        }
    }
}
