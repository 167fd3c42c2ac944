#include "core/pipeline/results_json.h"

#include "core/pipeline/option_schema.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace kann {

namespace {

nlohmann::json eigenvalueJson(const KoopmanResult& r, int j) {
    const std::complex<double> l = r.eigenvalues(j);
    nlohmann::json e = {{"re", l.real()},
                        {"im", l.imag()},
                        {"modulus", std::abs(l)},
                        {"angle", std::arg(l)},
                        {"pair", r.partner[j]}};
    if (r.dominance.size() == r.eigenvalues.size()) e["dominance"] = r.dominance(j);
    if (r.eigenResidual.size() == r.eigenvalues.size()) e["residual"] = r.eigenResidual(j);
    return e;
}

nlohmann::json sourceJson(const SourceSpec& spec) {
    nlohmann::json files = nlohmann::json::object();
    for (const SourceOption& o : sourceOptions())
        if (o.group == "files" && !o.read(spec).empty()) files[o.jsonKey] = o.read(spec);
    return {{"files", files}, {"options", sourceOptionsJson(spec)}};
}

// false when the states were held whole; else how they were read.
nlohmann::json streamedJson(const KoopmanResult& r) {
    if (!r.streamed) return false;
    return {{"blocks", r.streamed->blocks}, {"second_pass", r.streamed->secondPass}, {"reason", r.streamed->reason}};
}

}  // namespace

nlohmann::json resultsJson(const Exploration& e) {
    const KoopmanResult& r = e.result;
    nlohmann::json out;
    out["source"] = sourceJson(e.spec);
    out["shape"] = {r.batch, r.time, r.dim};
    out["k"] = r.k;
    out["reduction"] = reductionName(r.reduction);
    out["masked"] = r.masked;
    out["residual"] = r.residual;
    out["fit"] = fitName(r.fit);
    if (r.inputs) {
        out["residual_autonomous"] = r.inputs->residualAutonomous;
        out["input_dim"] = r.inputs->dim;
        out["input_k"] = r.inputs->k;
    }
    out["singular_values"] = std::vector<double>(r.singularValues.data(), r.singularValues.data() + r.singularValues.size());
    nlohmann::json eigenvalues = nlohmann::json::array();
    for (int j = 0; j < r.eigenvalues.size(); ++j) eigenvalues.push_back(eigenvalueJson(r, j));
    out["eigenvalues"] = std::move(eigenvalues);
    // A fit from moments alone has no states to sum |φ| over: said, rather than left to be guessed.
    if (r.dominance.size() != r.eigenvalues.size()) out["absent"] = {"dominance"};
    out["streamed"] = streamedJson(r);
    out["timings_ms"] = r.timingsMs;
    if (e.network) {
        out["layout"] = e.network->info().description;
        out["assumptions"] = e.network->info().assumptions;
    }
    return out;
}

}  // namespace kann
