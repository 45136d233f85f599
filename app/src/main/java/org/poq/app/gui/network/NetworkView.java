package org.poq.app.gui.network;

import org.poq.app.service.QualityScores;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.poq.app.gui.shell.Tables;
import org.poq.app.gui.shell.Ui;
import org.poq.app.gui.shell.Page;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.Button;
import javafx.scene.control.TableRow;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;

/** Connection, nodes, task feed and two charts over task number: best quality, rewards paid. */
public final class NetworkView extends Page {
    public NetworkView(NetworkViewModel vm, DemoNodesViewModel demo) {
        Label conn = new Label();
        conn.setId("network-connection");
        conn.textProperty().bind(vm.connectionProperty());
        Label height = new Label();
        height.setId("network-height");
        height.textProperty().bind(vm.heightProperty());
        Label randomness = new Label();
        randomness.setId("network-randomness");
        randomness.textProperty().bind(vm.randomnessProperty());
        GridPane info = Ui.form();
        Ui.row(info, 0, "Connection", conn);
        Ui.row(info, 1, "Block height", height);
        Ui.row(info, 2, "Draw randomness", randomness);

        TableView<NetworkViewModel.NodeRow> nodes = new TableView<>(vm.nodes());
        nodes.setId("network-nodes");
        nodes.setPrefHeight(270);
        nodes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        nodes.getColumns().add(Ui.col("Address", r -> Ui.shortAddress(r.address())));
        nodes.setRowFactory(t -> {
            TableRow<NetworkViewModel.NodeRow> row = new TableRow<>();
            row.itemProperty().addListener((o, a, b) -> row.setTooltip(b == null ? null : new Tooltip(b.address())));
            return row;
        });
        nodes.getColumns().add(Ui.col("Role", NetworkViewModel.NodeRow::role));
        nodes.getColumns().add(Ui.col("Serves", NetworkViewModel.NodeRow::serves));
        nodes.getColumns().add(Ui.col("Stake", NetworkViewModel.NodeRow::stake));
        nodes.getColumns().add(Ui.col("Trust", NetworkViewModel.NodeRow::trust));
        Tables.fitColumns(nodes);
        nodes.setPlaceholder(new Label("No registered nodes yet"));

        TableView<NetworkViewModel.TaskRow> tasks = new TableView<>(vm.tasks());
        tasks.setId("network-tasks");
        tasks.setPrefHeight(190);
        tasks.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tasks.getColumns().add(Ui.col("Task", t -> t.id().toString()));
        tasks.getColumns().add(Ui.col("Requester", t -> Ui.shortAddress(t.requester())));
        tasks.getColumns().add(Ui.col("k / m", t -> t.k() + " / " + t.m()));
        tasks.getColumns().add(Ui.col("Fee", NetworkViewModel.TaskRow::fee));
        tasks.getColumns().add(Ui.col("Status", NetworkViewModel.TaskRow::status));
        tasks.getColumns().add(Ui.col("Best", t -> QualityScores.format(t.bestScore())));
        tasks.getColumns().add(Ui.col("Prompt", NetworkViewModel.TaskRow::prompt));
        Tables.fitColumns(tasks);
        tasks.setPlaceholder(new Label("No tasks yet"));

        XYChart.Series<Number, Number> quality = new XYChart.Series<>();
        quality.setName("best consensus score");
        XYChart.Series<Number, Number> rewards = new XYChart.Series<>();
        rewards.setName("rewards paid (POQ)");
        LineChart<Number, Number> qChart = chart("Quality per task", quality);
        NumberAxis qy = (NumberAxis) qChart.getYAxis();
        qy.setAutoRanging(false);
        qy.setLowerBound(0);
        qy.setUpperBound(QualityScores.SCALE);
        qy.setTickUnit(QualityScores.SCALE / 4.0);
        LineChart<Number, Number> rChart = chart("Rewards per task", rewards);
        vm.tasks().addListener((ListChangeListener<NetworkViewModel.TaskRow>) c -> {
            List<XYChart.Data<Number, Number>> q = new ArrayList<>();
            List<XYChart.Data<Number, Number>> r = new ArrayList<>();
            for (NetworkViewModel.TaskRow t : vm.tasks()) {
                if (t.bestScore() >= 0) {
                    q.add(0, new XYChart.Data<>(t.id().value(), t.bestScore()));
                    r.add(0, new XYChart.Data<>(t.id().value(), Double.parseDouble(t.rewards().format(4))));
                }
            }
            quality.getData().setAll(q);
            rewards.getData().setAll(r);
        });
        HBox charts = new HBox(14, qChart, rChart);
        HBox.setHgrow(qChart, Priority.ALWAYS);
        HBox.setHgrow(rChart, Priority.ALWAYS);

        VBox page = Ui.page(Ui.title("Network"), Ui.card(info), Ui.error(vm.errorProperty(), "network-error"), demoCard(demo),
                Ui.card(Ui.section("Registered miners and validators"), nodes),
                Ui.card(Ui.section("Live tasks"), tasks), charts);
        setContent(page);
        setFitToWidth(true);
        // live feed: the view model reads only the new blocks each time, and skips a tick while one is running
        Timeline poll = new Timeline(new KeyFrame(
                Duration.seconds(2), e -> vm.refresh()));
        poll.setCycleCount(Animation.INDEFINITE);
        poll.play();
    }

    /** Start and stop the devnet's demo nodes; shown only on the local devnet. */
    private static VBox demoCard(DemoNodesViewModel demo) {
        Button start = new Button("Start demo nodes",
                Ui.icon(Feather.PLAY));
        start.setId("demo-start");
        start.disableProperty().bind(demo.busyProperty().or(demo.runningProperty()));
        start.setOnAction(e -> demo.start());
        Button stop = new Button("Stop", Ui.icon(Feather.SQUARE));
        stop.setId("demo-stop");
        stop.disableProperty().bind(demo.busyProperty().or(demo.runningProperty().not()));
        stop.setOnAction(e -> demo.stop());
        Label status = new Label();
        status.setId("demo-status");
        status.setWrapText(true);
        status.textProperty().bind(demo.statusProperty());
        VBox card = Ui.card(Ui.section("Demo nodes (local devnet)"),
                Ui.muted("A new devnet has nobody to answer. Demo miners run the bundled tiny model (its answers are "
                        + "noise) and demo validators the bundled evaluator, on the devnet's test accounts 10-17."),
                new HBox(8, start, stop), status, Ui.error(demo.errorProperty(), "demo-error"));
        card.visibleProperty().bind(demo.availableProperty());
        card.managedProperty().bind(card.visibleProperty());
        return card;
    }

    static LineChart<Number, Number> chart(String title, XYChart.Series<Number, Number> series) {
        NumberAxis x = Ui.integerAxis("task");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setAnimated(false);
        c.setLegendVisible(false);
        c.setPrefHeight(240);
        c.setMinWidth(300);
        c.getData().add(series);
        return c;
    }
}
