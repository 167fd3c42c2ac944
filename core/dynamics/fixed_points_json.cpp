#include "core/dynamics/fixed_points_json.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace kann {

namespace {

using json = nlohmann::json;

// NaN and infinity are not JSON: null instead.
json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json complexNumber(std::complex<double> z) { return {{"re", z.real()}, {"im", z.imag()}}; }

template <typename Vector>
json numbers(const Vector& v) {
    json a = json::array();
    for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(number(v(i)));
    return a;
}

// Quantiles of the q where the starts ended (ascending input).
json quantiles(const std::vector<double>& sorted) {
    if (sorted.empty()) return nullptr;
    const auto at = [&](double f) { return sorted[static_cast<std::size_t>(f * (sorted.size() - 1) + 0.5)]; };
    return {{"min", at(0)}, {"p10", at(0.1)}, {"median", at(0.5)}, {"p90", at(0.9)}, {"max", at(1)}};
}

json complexVector(const Eigen::VectorXcd& v) { return {{"re", numbers(v.real())}, {"im", numbers(v.imag())}}; }

json pointJson(const FixedPoint& p, const RowMatrixXd& reduced, Eigen::Index row) {
    json eig = json::array();
    for (Eigen::Index i = 0; i < p.linear.eigenvalues.size(); ++i) eig.push_back(complexNumber(p.linear.eigenvalues(i)));
    const std::complex<double> slow = p.linear.slowestEigenvalue();
    json slowest = complexNumber(slow);
    slowest["modulus"] = std::abs(slow);
    slowest["time_constant"] = number(timeConstant(slow));
    return {{"state", numbers(p.state)},
            {"q", p.q},
            {"starts", p.starts},
            {"reduced", numbers(reduced.row(row))},
            {"jacobian_eigenvalues", eig},
            {"slowest", slowest},
            {"slowest_right", complexVector(p.linear.right)},
            {"slowest_left", complexVector(p.linear.left)}};
}

json alignmentJson(const KoopmanAlignment& a) {
    return {{"koopman_mode", a.mode},
            {"koopman_eigenvalue", complexNumber(a.eigenvalue)},
            {"line", number(a.line)},
            {"slowest_eigenvector", number(a.slowest)},
            {"readout", number(a.readout)}};
}

}  // namespace

std::string fixedPointsJson(const FixedPointStudy& s, const FixedPointOptions& options, int indent) {
    const auto& fixed = s.search.fixedPoints;
    const auto& slow = s.search.slowPoints;
    json fixedJson = json::array(), slowJson = json::array();
    for (std::size_t i = 0; i < fixed.size(); ++i) fixedJson.push_back(pointJson(fixed[i], s.geometry.reduced, i));
    for (std::size_t i = 0; i < slow.size(); ++i)
        slowJson.push_back(pointJson(slow[i], s.geometry.reduced, fixed.size() + i));
    const json out = {
        {"input", s.input},
        {"cell", s.cell},
        {"layer", s.layer},
        {"state_dim", s.stateDim},
        {"analysed_dim", s.analysedDim},
        {"starts", s.search.starts},
        {"adam_steps", s.search.adamSteps},
        {"final_q", quantiles(s.search.finalQ)},
        {"tolerance", options.tolerance},
        {"slow_tolerance", options.slowTolerance},
        {"fixed_points", fixedJson},
        {"slow_points", slowJson},
        {"line", {{"variance_fraction", number(s.geometry.varianceFraction)}, {"direction", numbers(s.geometry.direction)}}},
        {"alignment", alignmentJson(s.alignment)},
        {"alignment_most_dominant", s.mostDominant.mode >= 0 ? alignmentJson(s.mostDominant) : json(nullptr)},
        {"notes", s.notes}};
    return out.dump(indent);
}

}  // namespace kann
