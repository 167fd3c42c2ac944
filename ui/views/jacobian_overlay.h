#pragma once
// Marks a set of eigenvalues (a fixed point's Jacobian spectrum) on a complex-plane plot owned by
// another view, with a marker of its own, so the local and the global spectra share one plane.
#include <Eigen/Core>
#include <QPointer>
#include <QString>

class QCPGraph;

namespace kann::ui {

class ComplexPlane;

class JacobianOverlay {
public:
    // Adds its (empty) layer of markers to `plane`.
    explicit JacobianOverlay(ComplexPlane* plane);

    // Shows `eigenvalues` named `label` (for the legend and the tests), or hides them when `shown` is false.
    void show(const Eigen::VectorXcd& eigenvalues, const QString& label, bool shown);
    void hide();
    int markerCount() const;  // 0 while hidden
    ComplexPlane* plane() const { return plane_; }

private:
    QPointer<ComplexPlane> plane_;
    QCPGraph* markers_ = nullptr;
};

}  // namespace kann::ui
