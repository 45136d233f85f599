package org.poq.wallet.history;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import org.poq.wallet.transfer.Asset;

/**
 * History as CSV (RFC 4180) for spreadsheets and tax tools. Names from the address book replace raw
 * addresses (the address stays in its own column); text cells that a spreadsheet would run as a
 * formula are prefixed with a quote.
 */
public final class CsvExport {
    public static final String HEADER = "time_utc,block,tx_hash,kind,direction,asset,amount,counterparty,counterparty_address,task,reason";

    private CsvExport() {
    }

    public static void write(List<HistoryEntry> entries, Function<String, String> names, Writer out) throws IOException {
        out.write(HEADER);
        out.write("\r\n");
        for (HistoryEntry e : entries) {
            String cp = e.counterparty();
            out.write(String.join(",",
                    DateTimeFormatter.ISO_INSTANT.format(e.time()),
                    Long.toString(e.block()),
                    e.txHash(),
                    e.kind().name(),
                    e.direction().name(),
                    e.asset() == Asset.POQ ? "POQ" : "ETH",
                    e.amount().toPlainString(),
                    cell(cp == null ? "" : names.apply(cp)),
                    cp == null ? "" : cp,
                    e.taskId() == null ? "" : e.taskId(),
                    cell(e.reason())));
            out.write("\r\n");
        }
        out.flush();
    }

    public static String toString(List<HistoryEntry> entries, Function<String, String> names) {
        var w = new StringWriter();
        try {
            write(entries, names, w);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    static String cell(String text) {
        String t = text;
        if (!t.isEmpty() && "=+-@\t\r".indexOf(t.charAt(0)) >= 0) {
            t = "'" + t;
        }
        if (t.contains(",") || t.contains("\"") || t.contains("\n") || t.contains("\r")) {
            t = "\"" + t.replace("\"", "\"\"") + "\"";
        }
        return t;
    }
}
