package org.poq.network.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.poq.core.TokenAmount;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * A contract's refusal in words, the one decoder for every module (the network's calls and the
 * wallet's transfers). {@link #extract} pulls the human reason out of the ways nodes and web3j word a
 * revert in a message. {@link #describe} also decodes the raw ABI data: nodes report a revert as raw ABI data, and for a custom error
 * (OpenZeppelin 5's ERC-20 has only those) as {@code custom error 0xec442f05:} followed by the
 * arguments' bytes, NULs included. This decodes {@code Error(string)}, {@code Panic(uint256)} and
 * OpenZeppelin's ERC-20 errors by name, and strips what it cannot decode to printable text.
 */
public final class RevertReasons {
    private record Known(String signature, List<TypeReference<?>> args, Function<List<Type>, String> words) {
        String selector() {
            return Hash.sha3String(signature).substring(0, 10);
        }
    }

    @SuppressWarnings("rawtypes")
    private static final List<Known> KNOWN = List.of(
            new Known("ERC20InsufficientBalance(address,uint256,uint256)",
                    List.of(new TypeReference<Address>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }),
                    a -> "ERC20InsufficientBalance: " + addr(a.get(0)) + " holds " + poq(a.get(1)) + " POQ but "
                            + poq(a.get(2)) + " POQ are needed"),
            new Known("ERC20InvalidReceiver(address)", List.of(new TypeReference<Address>() { }),
                    a -> "ERC20InvalidReceiver: the token refuses to send to " + addr(a.get(0))
                            + (isZero(a.get(0)) ? " (the zero address: tokens sent there would be burnt)" : "")),
            new Known("ERC20InvalidSender(address)", List.of(new TypeReference<Address>() { }),
                    a -> "ERC20InvalidSender: the token refuses to send from " + addr(a.get(0))),
            new Known("ERC20InsufficientAllowance(address,uint256,uint256)",
                    List.of(new TypeReference<Address>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }),
                    a -> "ERC20InsufficientAllowance: " + addr(a.get(0)) + " may spend " + poq(a.get(1))
                            + " POQ but " + poq(a.get(2)) + " POQ are needed"),
            new Known("ERC20InvalidApprover(address)", List.of(new TypeReference<Address>() { }),
                    a -> "ERC20InvalidApprover: " + addr(a.get(0)) + " cannot approve"),
            new Known("ERC20InvalidSpender(address)", List.of(new TypeReference<Address>() { }),
                    a -> "ERC20InvalidSpender: " + addr(a.get(0)) + " cannot be approved as spender"),
            new Known("Error(string)", List.of(new TypeReference<Utf8String>() { }), a -> a.get(0).getValue().toString()),
            new Known("Panic(uint256)", List.of(new TypeReference<Uint256>() { }),
                    a -> "the contract panicked (" + panic(((BigInteger) a.get(0).getValue()).intValue()) + ")"));

    private static final Pattern CUSTOM = Pattern.compile("custom error (0x[0-9a-fA-F]{8})");
    private static final Pattern HEX_DATA = Pattern.compile("0x[0-9a-fA-F]{8}(?:[0-9a-fA-F]{64})*");

    private RevertReasons() {
    }

    /** The revert reason inside a node's or web3j's message, or empty when the message reports no revert. */
    public static Optional<String> extract(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String m = message;
        for (String marker : new String[] {"execution reverted: ", "revert reason: ", "reverted with reason string '", "Reverted "}) {
            int i = m.indexOf(marker);
            if (i >= 0) {
                String r = m.substring(i + marker.length()).trim();
                if (r.endsWith("'")) {
                    r = r.substring(0, r.length() - 1);
                }
                return Optional.of(r.isEmpty() ? "reverted without a reason" : r);
            }
        }
        if (m.contains("execution reverted") || m.contains("status: 0x0")) {
            return Optional.of("reverted without a reason");
        }
        return Optional.empty();
    }

    /**
     * The node's message with the revert data decoded: {@code data} is the error's data field if the
     * node sent one (may be null); otherwise hex data inside the message is used.
     */
    public static String describe(String message, String data) {
        String text = message == null ? "" : message;
        String decoded = decode(data);
        if (decoded == null) {
            Matcher m = HEX_DATA.matcher(text);
            while (decoded == null && m.find()) {
                decoded = decode(m.group());
            }
        }
        if (decoded == null) {
            Matcher m = CUSTOM.matcher(text);
            if (m.find()) {
                decoded = "custom error " + m.group(1) + " (not one PoQ knows by name)";
            }
        }
        if (decoded != null) {
            return "execution reverted: " + printable(decoded);
        }
        return printable(text);
    }

    /** Decodes revert data, or null when it is not one of the known errors. */
    static String decode(String data) {
        if (data == null) {
            return null;
        }
        // web3j keeps the error's data as raw JSON: a quoted string
        String hex = data.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        if (!hex.startsWith("0x") || hex.length() < 10) {
            return null;
        }
        for (Known k : KNOWN) {
            if (hex.startsWith(k.selector())) {
                try {
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    List<Type> args = FunctionReturnDecoder.decode("0x" + hex.substring(10), (List) k.args());
                    if (args.size() == k.args().size()) {
                        return k.words().apply(args);
                    }
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Only printable characters: a reason must not carry NULs or control bytes into a terminal or a label. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c) && Character.getType(c) != Character.UNASSIGNED) {
                sb.append(c);
            }
        }
        return sb.toString().strip().replaceAll(":$", "");
    }

    private static String poq(Type<?> v) {
        return TokenAmount.ofWei((BigInteger) v.getValue()).toPlainString();
    }

    private static String addr(Type<?> address) {
        return Keys.toChecksumAddress(address.getValue().toString());
    }

    private static boolean isZero(Type<?> address) {
        return Numeric.toBigInt(address.getValue().toString()).signum() == 0;
    }

    private static String panic(int code) {
        return Map.of(0x01, "assertion failed", 0x11, "arithmetic overflow", 0x12, "division by zero",
                0x32, "array index out of bounds").getOrDefault(code, "code 0x" + Integer.toHexString(code));
    }
}
