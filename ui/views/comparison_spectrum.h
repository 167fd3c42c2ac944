#pragma once
// A second, independent spectrum next to (below) the main one: the same batch run through another
// checkpoint of the same network (the copy demo's untrained twin), so the two spectra can be
// compared at a glance. It follows the main exploration: whenever the main window shows the
// trained model, the other model is run on the same spec in the background; for any other model
// the panel hides. Self-contained: its own selection, its own runner.
#include <QString>
#include <QWidget>

class QLabel;
class QSplitter;

namespace kann::ui {

class AnalysisRunner;
class SelectionModel;
class SpectrumView;

class ComparisonSpectrum : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonSpectrum(SelectionModel* main, QWidget* parent = nullptr);

    // From now on, explorations of `trainedModel` are shown beside a run of `otherModel` labelled
    // `title`; empty paths switch the comparison off.
    void compareWith(const QString& trainedModel, const QString& otherModel, const QString& title);
    // Puts this panel next to `mainView` (below it: both spectra keep a readable size) inside
    // mainView's splitter, each under a heading. Returns the pair's container, which now holds
    // mainView's place in that splitter (nullptr when mainView is not in a splitter).
    QWidget* placeBeside(QWidget* mainView);
    // Blocks until the comparison run (if any) has finished and is on screen.
    void wait();

    SelectionModel* selection() const { return own_; }
    SpectrumView* spectrum() const { return view_; }
    // True when a comparison exploration is on display beside the main spectrum.
    bool isShowing() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void followMain();
    void setShown(bool shown);
    void shareScales();

    SelectionModel* main_;
    SelectionModel* own_;
    SpectrumView* view_;
    AnalysisRunner* runner_;
    QLabel* heading_;
    QWidget* mainView_ = nullptr;
    QSplitter* pair_ = nullptr;
    QLabel* mainHeading_ = nullptr;
    QString trained_, other_, title_;
    bool rerun_ = false;
};

}  // namespace kann::ui
