#include "ui/views/comparison_spectrum.h"

#include "ui/runners/analysis_runner.h"
#include "ui/base/plot_style.h"
#include "ui/base/selection_model.h"
#include "ui/views/spectrum_view.h"

#include <QEvent>
#include <QLabel>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>
#include <utility>

namespace kann::ui {
namespace {

QLabel* heading(const QString& text) {
    auto* label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(11.5);
    label->setFont(font);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // a long heading never widens the window
    return label;
}

}  // namespace

ComparisonSpectrum::ComparisonSpectrum(SelectionModel* main, QWidget* parent)
    : QWidget(parent), main_(main), own_(new SelectionModel(this)), view_(new SpectrumView(own_)),
      runner_(new AnalysisRunner(this)), heading_(heading(QString())) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(heading_);
    layout->addWidget(view_, 1);
    // The main spectrum's legend serves both: this one would only take the room of the points.
    view_->removeLegend();
    setVisible(false);
    connect(main_, &SelectionModel::explorationChanged, this, &ComparisonSpectrum::followMain);
    runner_->onFinished(this, [this](std::shared_ptr<const StudioRun> run) {
        own_->setPagedExploration(run->whole, run->shown);
        heading_->setText(title_);
        shareScales();
        if (std::exchange(rerun_, false)) followMain();
    });
    connect(runner_, &AnalysisRunner::failed, this, [this](const QString& title, const QString& message) {
        heading_->setText(tr("%1: could not run (%2: %3)").arg(title_, title, message));
        if (std::exchange(rerun_, false)) followMain();
    });
    connect(runner_, &AnalysisRunner::cancelled, this, [this] {
        if (std::exchange(rerun_, false)) followMain();
    });
}

void ComparisonSpectrum::compareWith(const QString& trainedModel, const QString& otherModel, const QString& title) {
    trained_ = otherModel.isEmpty() ? QString() : trainedModel;
    other_ = otherModel;
    title_ = title;
    // Shown before the trained network's result arrives, so the main spectrum fits its final size.
    setShown(!other_.isEmpty());
    heading_->setText(tr("%1: waiting for the trained network").arg(title_));
    if (main_->exploration()) followMain();
}

QWidget* ComparisonSpectrum::placeBeside(QWidget* mainView) {
    auto* parentSplitter = qobject_cast<QSplitter*>(mainView->parentWidget());
    if (!parentSplitter) return nullptr;
    const int at = parentSplitter->indexOf(mainView);
    auto* pair = new QSplitter(Qt::Vertical);
    mainView_ = mainView;
    mainHeading_ = heading(tr("Trained"));
    mainHeading_->setVisible(isVisible());
    parentSplitter->replaceWidget(at, pair);
    pair->addWidget(plot_style::underHeading(mainHeading_, mainView));
    pair->addWidget(this);
    pair_ = pair;
    pair->installEventFilter(this);
    return pair;
}

// Side by side where the pair is wider than tall (a short window): two spectra stacked in 350
// pixels of height would each be a strip a few dozen pixels high.
bool ComparisonSpectrum::eventFilter(QObject* watched, QEvent* event) {
    if (watched == pair_ && event->type() == QEvent::Resize) {
        const QSize size = pair_->size();
        pair_->setOrientation(size.width() > size.height() ? Qt::Horizontal : Qt::Vertical);
    }
    return QWidget::eventFilter(watched, event);
}

void ComparisonSpectrum::wait() {
    while (runner_->isRunning()) runner_->wait();
}

bool ComparisonSpectrum::isShowing() const { return !isHidden() && own_->exploration() != nullptr; }

// Runs the other model on exactly the spec the main window just showed (same batch, same k),
// or hides when the main window shows anything else.
void ComparisonSpectrum::followMain() {
    const Exploration* e = main_->exploration();
    const bool matches = e && !trained_.isEmpty() && QString::fromStdString(e->spec.modelPath) == trained_;
    setShown(matches);
    if (auto* spectrum = qobject_cast<SpectrumView*>(mainView_)) spectrum->shareScales(0, QRectF(-1, -1, 2, 2));
    if (!matches) return;
    SourceSpec spec = e->spec;
    spec.modelPath = other_.toStdString();
    own_->setExploration(nullptr);
    heading_->setText(tr("%1: running…").arg(title_));
    if (runner_->start(spec)) return;
    rerun_ = true;  // the run under way is for an older batch: redo it when it stops
    runner_->cancel();
}

// The two spectra side by side on one dominance scale and one view, so that a dot's size, colour
// and place mean the same in both.
void ComparisonSpectrum::shareScales() {
    auto* spectrum = qobject_cast<SpectrumView*>(mainView_);
    const Exploration* mine = own_->exploration();
    const Exploration* main = main_->exploration();
    if (!spectrum || !mine || !main) return;
    const double ceiling = std::max(mine->result.dominance.maxCoeff(), main->result.dominance.maxCoeff());
    std::vector<std::complex<double>> all;
    for (const Exploration* e : {mine, main})
        for (const auto& z : e->result.eigenvalues) all.push_back(z);
    const QRectF bounds = boundsOf(all);
    spectrum->shareScales(ceiling, bounds);
    view_->shareScales(ceiling, bounds);
}

void ComparisonSpectrum::setShown(bool shown) {
    if (shown == !isHidden()) return;
    setVisible(shown);
    if (mainHeading_) mainHeading_->setVisible(shown);
    // The main spectrum changed size: refit it once the layout has settled.
    if (auto* spectrum = qobject_cast<SpectrumView*>(mainView_))
        QTimer::singleShot(0, spectrum, &SpectrumView::resetView);
}

}  // namespace kann::ui
