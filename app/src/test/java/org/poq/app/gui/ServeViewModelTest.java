package org.poq.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.poq.app.gui.serve.ServeViewModel;
import org.poq.app.gui.shell.AppContext;
import org.poq.network.devnet.AnvilProcess;
import org.poq.network.testing.ProtocolFixture;

/** The Settings screen's endpoint switch on a real chain with the app's real wallet. */
class ServeViewModelTest {
    static ProtocolFixture f;
    @TempDir
    Path dir;

    @BeforeAll
    static void chain() {
        f = ProtocolFixture.start(1, 3);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    static HttpResponse<String> models(int port, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void switchedOnWithThePasswordItServesUntilTheWalletLocksAndOffItClosesThePort() throws Exception {
        try (AppContext ctx = TestContexts.withWallet(dir.resolve("home"), f.network().descriptor())) {
            ServeViewModel vm = new ServeViewModel(ctx);
            vm.load().join();
            assertThat(vm.portProperty().get()).isEqualTo("7434");
            int port = AnvilProcess.freePort();
            vm.portProperty().set("80");
            vm.passwordProperty().set(TestContexts.PASSWORD);
            vm.start().join();
            assertThat(vm.errorProperty().get()).contains("from 1024 to 65535");
            vm.portProperty().set(Integer.toString(port));
            vm.perRequestProperty().set("500");
            vm.start().join();
            assertThat(vm.errorProperty().get()).contains("cannot be above the limit per day");
            vm.perRequestProperty().set("5");
            vm.passwordProperty().set("wrong password");
            vm.start().join();
            assertThat(vm.errorProperty().get()).isNotEmpty().doesNotContain("Exception");
            assertThat(vm.runningProperty().get()).isFalse();

            vm.passwordProperty().set(TestContexts.PASSWORD);
            vm.start().join();
            assertThat(vm.errorProperty().get()).isEmpty();
            assertThat(vm.runningProperty().get()).isTrue();
            assertThat(vm.statusProperty().get()).contains("http://127.0.0.1:" + port + "/v1");
            String key = vm.keyProperty().get();
            assertThat(key).startsWith("poq-");
            assertThat(vm.passwordProperty().get()).isEmpty();
            assertThat(models(port, key).statusCode()).isEqualTo(200);

            vm.newKey().join();
            String next = vm.keyProperty().get();
            assertThat(next).isNotEqualTo(key);
            assertThat(models(port, key).statusCode()).isEqualTo(401);
            assertThat(models(port, next).statusCode()).isEqualTo(200);

            ctx.wallet().require().lock();
            assertThat(vm.statusProperty().get()).contains("The wallet locked");
            HttpResponse<String> locked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1/chat/completions")).header("Authorization", "Bearer " + next)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + ProtocolFixture.FAMILY
                            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"poq\":{\"k\":1,\"m\":3,\"evaluator\":\""
                            + ProtocolFixture.EVALUATOR.hex() + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(locked.statusCode()).as(locked.body()).isEqualTo(401);
            assertThat(locked.body()).contains("wallet_locked");

            vm.stop();
            assertThat(vm.keyProperty().get()).isEmpty();
            try {
                models(port, next);
                throw new AssertionError("still serving after stop");
            } catch (ConnectException expected) {
                // the port is closed
            }
        }
    }
}
