// The source panel shows every option of the option schema and loses none: what it is given
// (command line, saved exploration, settings) is what a re-run from it uses.
#include "app/command_line.h"
#include "core/common/error.h"
#include "tests/option_samples.h"
#include "ui/window/recent_files.h"
#include "ui/panels/source_panel.h"

#include <CLI/CLI.hpp>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace kann;
using namespace kann::ui;

namespace {

// The command line that gives every option its sample value.
std::vector<std::string> sampleArguments() {
    std::vector<std::string> args;
    for (const auto& [name, value] : test::sampleValues()) {
        if (findSourceOption(name)->type != OptionType::Flag) args.insert(args.end(), {"--" + name, value});
        else if (value == "true") args.push_back("--" + name);
    }
    return args;
}

// Parses `args` as kann and kann-studio do, into the values the options received.
OptionValues parsed(std::vector<std::string> args) {
    CLI::App app;
    OptionValues values;
    cli::addSourceOptions(app, values);
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
    app.parse(args);
    return values;
}

struct OwnRecentFiles {
    RecentFiles recent{nullptr};
};

// A source panel with a recent-files list of its own.
struct TestPanel : private OwnRecentFiles, public SourcePanel {
    TestPanel() : SourcePanel(&recent) {}
    // Opens the fixture at `path` and returns the line that describes it (`info`: "modelInfo" or "dataInfo").
    QLabel* open(const char* path, const char* info) {
        openPath(QStringLiteral(KANN_FIXTURES "/") + path);
        return findChild<QLabel*>(info);
    }
};

// Picks `value` in the list called `name`, as a click does.
void pick(SourcePanel& panel, const char* name, const QString& value) {
    auto* box = panel.findChild<QComboBox*>(name);
    box->setCurrentIndex(box->findData(value));
    emit box->activated(box->currentIndex());
}

QString valuesText(const OptionValues& values) {
    QStringList lines;
    for (const auto& [name, value] : values) lines << QString::fromStdString(name + "=" + value);
    return lines.join(", ");
}

}  // namespace

class SourcePanelTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().remove("source"); }

    // Command line -> spec -> JSON -> spec -> panel -> settings -> panel -> spec, for every option.
    void everyOptionSurvivesEveryForm() {
        const OptionValues fromCli = parsed(sampleArguments());
        QCOMPARE(valuesText(fromCli), valuesText(test::sampleValues()));
        SourceSpec spec;
        applySourceValues(fromCli, spec);

        SourceSpec fromJson;
        for (const SourceOption& o : sourceOptions())
            if (o.group == "files") o.write(fromJson, o.read(spec));
        applySourceOptionsJson(nlohmann::json::parse(sourceOptionsJson(spec).dump()), fromJson);

        TestPanel panel;
        panel.setSpec(fromJson);
        QCOMPARE(valuesText(sourceValues(panel.spec())), valuesText(test::sampleValues()));
        panel.saveSettings();

        TestPanel restarted;
        restarted.restoreSettings();
        QCOMPARE(valuesText(sourceValues(restarted.spec())), valuesText(test::sampleValues()));
    }

    // The old studio names still work; both names at once are refused.
    void oldStudioNamesAreAliases() {
        const OptionValues v = parsed({"--count", "12", "--max-length", "30"});
        QCOMPARE(v.at("batch"), std::string("12"));
        QCOMPARE(v.at("max-len"), std::string("30"));
        QVERIFY_EXCEPTION_THROWN(parsed({"--count", "12", "--batch", "13"}), CLI::ParseError);
        QVERIFY_EXCEPTION_THROWN(cli::sourceSpecFrom(parsed({"--k", "3"})), InputError);
    }

    // Run emits what the panel shows, options under Advanced included.
    void runKeepsTheAdvancedOptions() {
        TestPanel panel;
        SourceSpec spec;
        spec.statesPath = "/tmp/states.npy";
        spec.load.layer = 2;
        spec.load.lstmHiddenAndCell = true;
        spec.data.zNormalize = true;
        spec.analysis.seed = 7;
        panel.setSpec(spec);
        SourceSpec ran;
        connect(&panel, &SourcePanel::runRequested, this, [&ran](const SourceSpec& s) { ran = s; });
        panel.findChild<QPushButton*>("runAnalysis")->click();
        QCOMPARE(valuesText(sourceValues(ran)), valuesText(sourceValues(spec)));
        QCOMPARE(QSettings().value("source/layer").toString(), QString("2"));
        QCOMPARE(QSettings().value("source/lstm-state").toString(), QString("hc"));
    }

    // A settings value an option refuses leaves that option at its default, the others restored.
    void aBadSettingIsSkipped() {
        QSettings settings;
        settings.setValue("source/batch", "many");
        settings.setValue("source/k", "5");
        settings.setValue("source/gone-option", "x");
        TestPanel panel;
        panel.restoreSettings();
        QCOMPARE(panel.spec().selection.count, SourceSpec{}.selection.count);
        QCOMPARE(panel.spec().analysis.k, 5);
    }

    // The model and the dataset are described before any run, with the options chosen so far.
    void filesAreDescribedBeforeTheRun() {
        TestPanel panel;
        QLabel* info = panel.open("torch/ecg_lstm.pt", "modelInfo");
        QTRY_VERIFY2(info->text().contains("LSTM"), qPrintable(info->text()));
        QVERIFY(!info->text().contains("states h and c"));
        pick(panel, "lstm-state", "hc");
        QTRY_VERIFY2(info->text().contains("states h and c"), qPrintable(info->text()));

        panel.openPath(QStringLiteral(KANN_FIXTURES "/series/label_last.arff"));
        auto* data = panel.findChild<QLabel*>("dataInfo");
        QTRY_VERIFY2(data->text().contains("series, 2 sequences"), qPrintable(data->text()));
    }

    // Each option has its field, with the schema's help as tooltip; the minimum reads as its meaning.
    void fieldsFollowTheSchema() {
        TestPanel panel;
        for (const SourceOption& o : sourceOptions()) {
            auto* field = panel.findChild<QWidget*>(QString::fromStdString(o.name));
            QVERIFY2(field, o.name.c_str());
            QVERIFY2(field->toolTip().startsWith(QString::fromStdString(o.describe())), o.name.c_str());
        }
        auto* label = panel.findChild<QSpinBox*>("label");
        label->setValue(-1);
        QCOMPARE(label->text(), QString("any"));
        QVERIFY(panel.findChild<QToolButton*>("advancedOptions"));
        QCOMPARE(panel.findChild<QComboBox*>("reduction")->count(), 3);
    }

    // The choices the command line has are lists here: closed sets fixed, values a file lists
    // editable (a typed prefix still counts), free text nowhere a list would do.
    void choicesAreLists() {
        TestPanel panel;
        for (const char* name : {"arch", "head-activation", "nonlinearity", "direction", "tokenizer", "format", "lstm-state"}) {
            auto* box = panel.findChild<QComboBox*>(name);
            QVERIFY2(box && !box->isEditable(), name);
            QCOMPARE(box->currentText(), QString::fromStdString(findSourceOption(name)->defaultValue()));
        }
        for (const char* name : {"stack", "embedding", "head", "text-column", "label-column", "unk"}) {
            auto* box = panel.findChild<QComboBox*>(name);
            QVERIFY2(box && box->isEditable(), name);
        }
        auto* unk = panel.findChild<QComboBox*>("unk");
        QCOMPARE(unk->findText("[UNK]") >= 0, true);
        QCOMPARE(panel.findChild<QComboBox*>("label-column")->findText("first") >= 0, true);
        QCOMPARE(panel.findChild<QComboBox*>("stack")->lineEdit()->placeholderText(), QString("detected"));
        // Before any file says more, the default reads as what it is, never as a blank row.
        QCOMPARE(panel.findChild<QComboBox*>("stack")->itemText(0), QString("detected"));
        QCOMPARE(panel.findChild<QComboBox*>("stack")->currentText(), QString("detected"));
        QCOMPARE(panel.findChild<QComboBox*>("text-column")->itemText(0), QString("auto"));
    }

    // Once a file is read, the default of each list says what detection settled, and still
    // stands for detection: the spec keeps the default, and a chosen value replaces it.
    void theDetectedEntryNamesWhatWasDetected() {
        TestPanel panel;
        panel.openPath(QStringLiteral(KANN_FIXTURES "/torch/role_training_checkpoint.pt"));
        auto* embedding = panel.findChild<QComboBox*>("embedding");
        QTRY_COMPARE(embedding->itemText(0), QString("detected: embed.weight"));
        QCOMPARE(embedding->currentText(), QString("detected: embed.weight"));
        QCOMPARE(panel.findChild<QComboBox*>("head")->itemText(0), QString("detected: classifier.0+classifier.3"));
        QCOMPARE(panel.findChild<QComboBox*>("arch")->currentText(), QString("auto (detected: stack)"));
        QCOMPARE(panel.spec().load.embedding, std::string());
        QCOMPARE(panel.spec().load.arch, std::string("auto"));
        pick(panel, "embedding", "embed.weight");
        QCOMPARE(panel.spec().load.embedding, std::string("embed.weight"));

        panel.openPath(QStringLiteral(KANN_FIXTURES "/text/header.csv"));
        auto* text = panel.findChild<QComboBox*>("text-column");
        QTRY_COMPARE(text->itemText(0), QString("auto (detected: text)"));
        QCOMPARE(panel.findChild<QComboBox*>("label-column")->currentText(), QString("auto (detected: label)"));
        QCOMPARE(panel.findChild<QComboBox*>("format")->currentText(), QString("auto (detected: text-csv)"));
        QCOMPARE(panel.spec().data.textColumn, std::string("auto"));
        QCOMPARE(panel.spec().data.format, std::string("auto"));
    }

    // A field whose option applies only with another's value is greyed until that value is
    // chosen, says which, and keeps its default meanwhile; found from the schema, not by name.
    void fieldsFollowTheirConditions() {
        TestPanel panel;
        int conditional = 0;
        for (const SourceOption& o : sourceOptions()) {
            const auto& [other, needed] = o.onlyWith;
            if (other.empty()) continue;
            ++conditional;
            auto* field = panel.findChild<QWidget*>(QString::fromStdString(o.name));
            QVERIFY2(!field->isEnabled(), o.name.c_str());
            QVERIFY2(field->toolTip().contains(QString::fromStdString("--" + other + " " + needed)), qPrintable(field->toolTip()));
            SourceSpec s;
            findSourceOption(other)->apply(s, needed);
            o.apply(s, test::sampleValue(o));
            panel.setSpec(s);
            QVERIFY2(field->isEnabled(), o.name.c_str());
            QCOMPARE(field->toolTip(), QString::fromStdString(o.describe()));
            QCOMPARE(o.read(panel.spec()), test::sampleValue(o));
            pick(panel, other.c_str(), QString::fromStdString(findSourceOption(other)->defaultValue()));
            QVERIFY2(!field->isEnabled(), o.name.c_str());
            QCOMPARE(o.read(panel.spec()), o.defaultValue());  // a greyed value is never run
        }
        QVERIFY(conditional > 0);
    }

    // A refusal naming an option under Advanced opens the section and puts the field in view,
    // with the focus; one naming an option above leaves Advanced as it is.
    void aRefusalOpensItsField() {
        TestPanel panel;
        panel.resize(360, 520);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.activateWindow();
        auto* advanced = panel.findChild<QToolButton*>("advancedOptions");
        panel.showRefusal("--k", "must be within -1..1048576");
        QVERIFY(!advanced->isChecked());
        // As after a failed run: the refusal, then the files read again, their descriptions growing above.
        panel.openPath(QStringLiteral(KANN_FIXTURES "/torch/role_two_embeddings.pt"));
        panel.showRefusal("/models/two.pt", "several keys could be the embedding of the stack's 8 inputs; pick one "
                                            "(the others are then ignored): --embedding a.weight, --embedding b.weight");
        QVERIFY(advanced->isChecked());
        auto* embedding = panel.findChild<QComboBox*>("embedding");
        QTRY_VERIFY(embedding->hasFocus());
        panel.readFiles();
        QTRY_VERIFY(panel.findChild<QLabel*>("modelInfo")->text().contains("several keys"));
        QTRY_COMPARE(embedding->visibleRegion().boundingRect(), embedding->rect());  // the whole field in view
        panel.showRefusal("/data/x.csv", "has comma-separated fields but no header: say how to read it with --format text-csv");
        auto* format = panel.findChild<QComboBox*>("format");
        QTRY_VERIFY(format->hasFocus());
        QTRY_COMPARE(format->visibleRegion().boundingRect(), format->rect());
    }

    // A file refused before any run for an option under Advanced: the section opens on that
    // field, while the focus and the panel's scrolling stay where they were.
    void aFileRefusedForAnAdvancedOptionShowsIt() {
        TestPanel panel;
        panel.resize(360, 1400);  // the whole panel in view: only the section's own scrolling matters
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* advanced = panel.findChild<QToolButton*>("advancedOptions");
        auto* format = panel.findChild<QComboBox*>("format");
        QVERIFY(!advanced->isChecked());
        QLabel* info = panel.open("text/ambiguous.csv", "dataInfo");
        QTRY_VERIFY2(info->text().contains("--format"), qPrintable(info->text()));
        QTRY_VERIFY(advanced->isChecked());
        QTRY_COMPARE(format->visibleRegion().boundingRect(), format->rect());
        QVERIFY(!format->hasFocus());
    }

    // A checkpoint that can be read two ways is refused before the run with the readings, and
    // the stack list offers them; picking one shows the layout in words.
    void anAmbiguousModelOffersItsReadings() {
        TestPanel panel;
        QLabel* info = panel.open("torch/role_two_stack.pt", "modelInfo");
        QTRY_VERIFY2(info->text().contains("can be read in 2 ways"), qPrintable(info->text()));
        auto* stack = panel.findChild<QComboBox*>("stack");
        QTRY_VERIFY(stack->findText("rnn1,rnn2") >= 0);
        QVERIFY(stack->findText("rnn1") >= 0 && stack->findText("rnn2") >= 0);
        QCOMPARE(stack->currentText(), QString("detected"));  // refused: nothing was settled
        QCOMPARE(panel.spec().load.stack, std::string());
        pick(panel, "stack", "rnn1");
        QTRY_VERIFY2(info->text().contains("encoder GRU stack `rnn1`"), qPrintable(info->text()));
        QCOMPARE(panel.spec().load.stack, std::string("rnn1"));
    }

    // What a state dict cannot say shows as an assumption before the run, and goes once chosen;
    // the heads and embeddings found are offered.
    void assumptionsShowBeforeTheRun() {
        TestPanel panel;
        QLabel* info = panel.open("torch/role_training_checkpoint.pt", "modelInfo");
        QTRY_VERIFY2(info->text().contains("assumed: ") && info->text().contains("--head-activation"), qPrintable(info->text()));
        QVERIFY2(info->text().contains("embed.weight"), qPrintable(info->text()));
        QTRY_VERIFY(panel.findChild<QComboBox*>("head")->findText("classifier") >= 0);
        QCOMPARE(panel.findChild<QComboBox*>("embedding")->findText("embed.weight") >= 0, true);
        pick(panel, "head-activation", "tanh");
        QTRY_VERIFY2(!info->text().contains("assumed: ") && info->text().contains("tanh"), qPrintable(info->text()));

        pick(panel, "head-activation", "auto");  // a one-layer head refuses the option
        panel.openPath(QStringLiteral(KANN_FIXTURES "/torch/role_dataparallel_rnn_relu.pt"));
        QTRY_VERIFY2(info->text().contains("assumed: ") && info->text().contains("--nonlinearity"), qPrintable(info->text()));
        pick(panel, "nonlinearity", "relu");
        QTRY_VERIFY2(!info->text().contains("--nonlinearity") && info->text().contains("relu"), qPrintable(info->text()));
    }

    // A table's columns are offered, and the columns read are said, before the run.
    void aTableOffersItsColumns() {
        TestPanel panel;
        QLabel* info = panel.open("text/header.csv", "dataInfo");
        QTRY_VERIFY2(info->text().contains("texts from column 'text'"), qPrintable(info->text()));
        auto* text = panel.findChild<QComboBox*>("text-column");
        QTRY_VERIFY(text->findText("label") >= 0);
        QVERIFY(text->findText("text") >= 0 && text->findData("auto") == 0);
        auto* label = panel.findChild<QComboBox*>("label-column");
        QVERIFY(label->findText("text") >= 0 && label->findText("none") >= 0);
        pick(panel, "label-column", "none");
        QTRY_VERIFY2(info->text().contains("no labels"), qPrintable(info->text()));
    }
};

QTEST_MAIN(SourcePanelTest)
#include "source_panel_test.moc"
