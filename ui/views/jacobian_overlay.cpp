#include "ui/views/jacobian_overlay.h"

#include "ui/views/complex_plane.h"

namespace kann::ui {

JacobianOverlay::JacobianOverlay(ComplexPlane* plane) : plane_(plane) {
    markers_ = plane->addGraph();
    markers_->setLineStyle(QCPGraph::lsNone);
    // A small dark red cross reads against the spectrum's blue discs and its orange selection
    // rings, and leaves the discs under it visible where a hundred of them crowd near the origin.
    const QColor red(165, 15, 21, 210);
    markers_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QPen(red, 1.2), Qt::NoBrush, 5));
    markers_->setAdaptiveSampling(false);
    markers_->setVisible(false);
    markers_->removeFromLegend();
}

void JacobianOverlay::show(const Eigen::VectorXcd& eigenvalues, const QString& label, bool shown) {
    if (!plane_) return;
    QVector<double> re(eigenvalues.size()), im(eigenvalues.size());
    for (Eigen::Index i = 0; i < eigenvalues.size(); ++i) re[i] = eigenvalues(i).real(), im[i] = eigenvalues(i).imag();
    markers_->setData(re, im, false);
    markers_->setName(label);
    markers_->setVisible(shown && eigenvalues.size() > 0);
    // In the spectrum's legend while shown, so a reader of the figure knows what the crosses are.
    if (markers_->visible()) markers_->addToLegend();
    else markers_->removeFromLegend();
    plane_->replot();
}

void JacobianOverlay::hide() {
    if (!plane_ || !markers_->visible()) return;
    markers_->setVisible(false);
    markers_->removeFromLegend();
    plane_->replot();
}

int JacobianOverlay::markerCount() const {
    return plane_ && markers_->visible() ? markers_->dataCount() : 0;
}

}  // namespace kann::ui
