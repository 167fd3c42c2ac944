#pragma once
// Fixed points of a recurrent cell under a constant input (Golub & Sussillo, 2018): minimise
// q(s) = ½‖F(s, x) − s‖² from many starting states at once, with Adam and then Levenberg-Marquardt
// (Newton's method where it converges), in double precision. Points with q below a tolerance are
// fixed points; points where q stalls a little above it are slow points, kept apart.
#include "core/common/progress.h"
#include "core/dynamics/cell_map.h"
#include "core/dynamics/linearisation.h"

#include <vector>

namespace kann {

struct FixedPointOptions {
    double tolerance = 1e-10;      // q below this: a fixed point
    double slowTolerance = 1e-4;   // q below this (and above tolerance): a slow point
    double mergeDistance = 1e-4;   // points closer than this (Euclidean) are one point
    int adamSteps = 2000;          // at most; stops early once every start is below tolerance or q stalls
    double learningRate = 1e-2;    // Adam's, decayed a hundredfold over adamSteps
    int newtonSteps = 8;           // Levenberg-Marquardt steps for starts already below slowTolerance
};

struct FixedPoint {
    Eigen::VectorXd state;         // in the cell's state coordinates (h, or [h, c] for an LSTM)
    double q = 0;
    int starts = 1;                // starting states that ended here
    Linearisation linear;          // of ∂F/∂s at the point
};

struct FixedPointSearch {
    std::vector<FixedPoint> fixedPoints;  // by q, ascending
    std::vector<FixedPoint> slowPoints;   // by q, ascending
    int starts = 0;                       // starting states optimised
    int adamSteps = 0;                    // Adam steps taken
    std::vector<double> finalQ;           // q where each start ended, ascending (how far the rest got)
};

// Searches from each row of `starts` (n x map.stateDim()) under the constant input x.
// Stages reported: "fixed points: Adam", "fixed points: Newton", "linearising". Throws Cancelled.
FixedPointSearch findFixedPoints(const CellMap& map, const Eigen::VectorXd& input, const RowMatrixXd& starts,
                                 const FixedPointOptions& options, const Progress& progress = {});

}  // namespace kann
