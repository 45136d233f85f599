package org.poq.network;

import org.poq.network.chain.TransactionRevertedException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.poq.network.chain.Calls;
import org.poq.network.contracts.NodeRegistry;
import org.poq.network.contracts.PoqToken;
import org.poq.network.contracts.TaskMarket;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;

/**
 * Before anything is signed: does each contract the network file names hold the code it should?
 * Each address must hold code, and answer as its kind does (an interface check, which survives a
 * redeploy of the same contracts with other constructor arguments where a code hash would not): the
 * token's symbol is POQ, the registry's token is the file's token, the market's token and registry are
 * the file's. Errors name the network file and the contract, and nothing has been spent
 * (decision record 0038). The chain id was checked on connect.
 */
final class ContractCheck {
    private ContractCheck() {
    }

    static void verify(NetworkDescriptor d, Web3j web3j, PoqToken token, NodeRegistry registry, TaskMarket market) {
        var c = d.contracts();
        requireCode(d, web3j, "token", c.token());
        requireCode(d, web3j, "registry", c.registry());
        requireCode(d, web3j, "market", c.market());
        if (c.timelock() != null) {
            requireCode(d, web3j, "timelock", c.timelock());
        }
        String symbol = answer(d, "token", c.token(), "its symbol", token::symbol);
        if (!"POQ".equals(symbol)) {
            throw mismatch(d, "token", c.token(), "is a token named " + symbol + ", not POQ");
        }
        expectLink(d, "registry", c.registry(), "token", answer(d, "registry", c.registry(), "its token", registry::token), c.token());
        expectLink(d, "market", c.market(), "token", answer(d, "market", c.market(), "its token", market::token), c.token());
        expectLink(d, "market", c.market(), "registry", answer(d, "market", c.market(), "its registry", market::registry), c.registry());
    }

    /** The one check a wallet needs before it sends POQ: the token address holds code. */
    static void requireCode(NetworkDescriptor d, Web3j web3j, String contract, String address) {
        String code = Calls.run("read the code of the " + contract, () ->
                web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode());
        if (code == null || code.equals("0x") || code.isEmpty()) {
            throw new ContractMismatchException(ContractMismatchException.noContract(d.sourceWords(), contract, address,
                    d.chainId()));
        }
    }

    private static <T> T answer(NetworkDescriptor d, String contract, String address, String what,
                                Supplier<RemoteFunctionCall<T>> call) {
        try {
            return Calls.run("read " + what + " from the " + contract, (Callable<T>) () -> call.get().send());
        } catch (TransactionRevertedException e) {
            throw mismatch(d, contract, address, "is not a PoQ " + contract + " (it does not answer " + what + ")");
        }
    }

    private static void expectLink(NetworkDescriptor d, String contract, String address, String link, String actual,
                                   String expected) {
        if (actual == null || !actual.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))) {
            throw mismatch(d, contract, address, "works with the " + link + " " + actual + ", but the file names " + expected
                    + " as the " + link);
        }
    }

    private static ContractMismatchException mismatch(NetworkDescriptor d, String contract, String address, String problem) {
        return new ContractMismatchException(d.sourceWords() + ": the " + contract + " at " + address + " " + problem
                + "; nothing was signed");
    }
}
