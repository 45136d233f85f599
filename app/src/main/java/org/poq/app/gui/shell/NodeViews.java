package org.poq.app.gui.shell;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.poq.core.AmountFormat;
import org.poq.core.TokenAmount;
import org.poq.network.node.Participation;
import java.util.ArrayList;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import org.poq.app.service.QualityScores;

/** The parts the miner and validator screens share: the node card, the jobs table, a line chart. */
public final class NodeViews {
    private NodeViews() {
    }

    public static VBox nodeCard(NodeControl node, String prefix, Label engine, Runnable onStart) {
        ComboBox<String> account = new ComboBox<>(node.accounts());
        account.setId(prefix + "-account");
        account.valueProperty().bindBidirectional(node.accountProperty());
        // a running node keeps its account: the screen shows that node's jobs and earnings
        account.disableProperty().bind(node.runningProperty().or(node.busyProperty()));
        // by name and balance, not a bare address
        account.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : node.display(a));
            }
        });
        account.setButtonCell(account.getCellFactory().call(null));
        Button add = new Button("New account", Ui.icon(Feather.USER_PLUS));
        add.setId(prefix + "-new-account");
        add.setMinWidth(Region.USE_PREF_SIZE);
        add.setOnAction(e -> node.addAccount());
        // "fund from" on the spot: an account without the stake gets it from the richest other one
        Button fund = new Button("", Ui.icon(Feather.DOWNLOAD));
        fund.setId(prefix + "-fund");
        fund.setMinWidth(Region.USE_PREF_SIZE);
        StringBinding fundText = Bindings.createStringBinding(
                () -> node.funder().map(c -> "Fund from " + c.name()).orElse(""), node.accountProperty(), node.accounts(),
                node.stakeProperty());
        fund.textProperty().bind(fundText);
        fund.visibleProperty().bind(fundText.isNotEmpty().and(node.runningProperty().not()));
        fund.managedProperty().bind(fund.visibleProperty());
        fund.disableProperty().bind(node.busyProperty());
        fund.setOnAction(e -> node.fund());
        TextField stake = new TextField();
        stake.setId(prefix + "-stake");
        stake.setPrefColumnCount(8);
        stake.setMaxWidth(Region.USE_PREF_SIZE);
        stake.textProperty().bindBidirectional(node.stakeProperty());
        stake.disableProperty().bind(node.runningProperty().or(node.busyProperty())); // the running node's stake is on chain
        // Enter in the password field starts the node, as the button does
        PasswordField pw = new PasswordField();
        pw.setId(prefix + "-password");
        pw.setPromptText("wallet password");
        pw.textProperty().bindBidirectional(node.passwordProperty());
        pw.setOnAction(e -> {
            if (!node.runningProperty().get() && !node.busyProperty().get()) {
                onStart.run();
            }
        });
        Button start = new Button("Start", Ui.icon(Feather.PLAY));
        start.setId(prefix + "-start");
        start.getStyleClass().add(atlantafx.base.theme.Styles.SUCCESS);
        start.disableProperty().bind(node.runningProperty().or(node.busyProperty()));
        Button stop = new Button("Stop", Ui.icon(Feather.SQUARE));
        stop.setId(prefix + "-stop");
        stop.disableProperty().bind(node.runningProperty().not());
        Label status = new Label();
        status.setId(prefix + "-status");
        status.textProperty().bind(node.statusProperty());
        GridPane form = Ui.form();
        Ui.row(form, 0, "Account", new FlowPane(8, 8, account, add, fund));
        Ui.row(form, 1, "Stake (POQ)", stake);
        Ui.row(form, 2, "Works with", engine);
        start.setOnAction(e -> onStart.run());
        stop.setOnAction(e -> node.stop());
        return Ui.card(Ui.section("Node"), form, new HBox(8, pw, start, stop), status,
                Ui.error(node.errorProperty(), prefix + "-error"));
    }

    public static TableView<Participation> jobs(ObservableList<Participation> jobs, String id) {
        TableView<Participation> t = new TableView<>(jobs);
        t.setId(id);
        t.setPrefHeight(200);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(Ui.col("Task", p -> p.taskId().toString()));
        t.getColumns().add(Ui.col("State", p -> p.state().name().toLowerCase()));
        t.getColumns().add(Ui.col("Quality", p -> QualityScores.format(p.consensus())));
        t.getColumns().add(Ui.col("Reward", p -> p.rewardWei() == null ? "-" : AmountFormat.of(TokenAmount.ofWei(p.rewardWei()), AmountFormat.POQ)));
        t.getColumns().add(Ui.col("Penalty", p -> p.slashedWei() == null || p.slashedWei().signum() == 0 ? "-"
                : AmountFormat.of(TokenAmount.ofWei(p.slashedWei()), AmountFormat.POQ)));
        t.getColumns().add(Ui.col("Reason", p -> p.penaltyReason() != null && !p.penaltyReason().isBlank()
                && !"NONE".equalsIgnoreCase(p.penaltyReason()) ? p.penaltyReason() : p.note() == null ? "" : p.note()));
        t.setPlaceholder(new Label("No jobs yet: start the node and wait to be selected"));
        Tables.fitColumns(t);
        return t;
    }

    /**
     * The node's earnings and losses: a headline with the totals, then every reward and slash the chain
     * recorded, newest first, each with its task id and its reason in words (issue 26).
     */
    public static VBox ledger(NodeControl node, String prefix) {
        Label headline = new Label();
        headline.setId(prefix + "-ledger");
        headline.setWrapText(true);
        headline.textProperty().bind(node.ledgerProperty());
        ListView<String> lines = new ListView<>(node.money());
        lines.setId(prefix + "-money");
        lines.setPrefHeight(110);
        lines.setPlaceholder(new Label("No reward or slash recorded yet"));
        return new VBox(6, headline, lines);
    }

    public static LineChart<Number, Number> chart(String title, String xLabel, ObservableList<Double> values) {
        NumberAxis x = Ui.integerAxis(xLabel);
        NumberAxis y = new NumberAxis();
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setAnimated(false);
        c.setLegendVisible(false);
        c.setCreateSymbols(true);
        c.setPrefHeight(220);
        c.setMinWidth(280);
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        c.getData().add(s);
        Runnable fill = () -> {
            List<XYChart.Data<Number, Number>> d = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                d.add(new XYChart.Data<>(i + 1, values.get(i)));
            }
            s.getData().setAll(d);
        };
        values.addListener((ListChangeListener<Double>) ch -> fill.run());
        fill.run();
        return c;
    }
}
