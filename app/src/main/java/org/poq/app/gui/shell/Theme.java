package org.poq.app.gui.shell;

/** The two AtlantaFX themes the app offers. */
public enum Theme {
    LIGHT, DARK;

    @Override
    public String toString() {
        return this == DARK ? "Dark" : "Light";
    }

    public String userAgentStylesheet() {
        return this == DARK ? new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet()
                : new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet();
    }
}
