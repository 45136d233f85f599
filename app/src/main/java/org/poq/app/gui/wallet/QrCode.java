package org.poq.app.gui.wallet;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.poq.app.service.Problems;

/** The receive address as a QR code (ZXing), drawn black on white whatever the theme, so phones read it. */
public final class QrCode {
    private QrCode() {
    }

    public static BitMatrix matrix(String text, int size) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code: " + Problems.describe(e), e);
        }
    }

    public static Image image(String text, int size) {
        BitMatrix m = matrix(text, size);
        WritableImage img = new WritableImage(m.getWidth(), m.getHeight());
        PixelWriter w = img.getPixelWriter();
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                w.setColor(x, y, m.get(x, y) ? Color.BLACK : Color.WHITE);
            }
        }
        return img;
    }
}
