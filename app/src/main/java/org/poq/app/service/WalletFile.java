package org.poq.app.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.poq.core.AppPaths;

/**
 * Where the wallet lives for every face: {@code keystore/wallet.vault}. Windows of earlier versions
 * wrote {@code keystore/wallet.json} (the same vault format) while the command line read
 * {@code wallet.vault}, so `poq wallet list` found no wallet; an old file is moved once, never copied
 * (a copy would leave two wallets to drift apart).
 */
public final class WalletFile {
    static final String LEGACY = "wallet.json";

    private WalletFile() {
    }

    /** The wallet file, after moving a legacy {@code wallet.json} to it when only that one exists. */
    public static Path of(AppPaths paths) {
        Path file = paths.wallet();
        Path legacy = paths.keystore().resolve(LEGACY);
        if (!Files.exists(file) && Files.isRegularFile(legacy)) {
            try {
                Files.move(legacy, file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the wallet " + legacy + " to " + file + ": " + Problems.describe(e), e);
            }
        }
        return file;
    }
}
