// `kann timeline`: the Koopman spectrum of every checkpoint of a training run, tracked.
#include "app/kann/commands.h"
#include "app/kann/source_options.h"
#include "core/common/error.h"
#include "core/insight/timeline.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace kann::cli {

namespace {

using nlohmann::json;

json number(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

json timelineJson(const Timeline& t) {
    json snapshots = json::array();
    for (const TimelineFrame& f : t.frames) {
        json eigenvalues = json::array();
        for (int j = 0; j < f.eigenvalues.size(); ++j)
            eigenvalues.push_back({{"re", f.eigenvalues(j).real()}, {"im", f.eigenvalues(j).imag()},
                                   {"track", f.track[j]}, {"dominance", f.dominance(j)}});
        snapshots.push_back({{"model", f.snapshot.model}, {"step", f.snapshot.step < 0 ? json(nullptr) : json(f.snapshot.step)},
                             {"epoch", number(f.snapshot.epoch)}, {"accuracy", number(f.snapshot.metric)},
                             {"train_loss", number(f.snapshot.trainLoss)}, {"residual", f.residual},
                             {"near_circle", f.nearCircle}, {"eigenvalues", eigenvalues}});
    }
    return {{"metric", t.metricName}, {"near_circle_modulus", kNearCircleModulus}, {"tracks", t.tracks},
            {"snapshots", snapshots}};
}

void printSummary(const Timeline& t, std::ostream& out) {
    const std::string metric = t.metricName.empty() ? "metric" : t.metricName;
    char line[256];
    std::snprintf(line, sizeof line, "%8s %8s %16s %9s %6s  %s\n", "step", "epoch", metric.c_str(), "residual",
                  "|l|>.9", "checkpoint");
    out << line;
    for (const TimelineFrame& f : t.frames) {
        std::snprintf(line, sizeof line, "%8lld %8.2f %16.4f %9.4f %6d  %s\n", static_cast<long long>(f.snapshot.step),
                      f.snapshot.epoch, f.snapshot.metric, f.residual, f.nearCircle, f.snapshot.model.c_str());
        out << line;
    }
    auto when = [&](int frame) {
        return frame < 0 ? std::string("never") : "step " + std::to_string(t.frames[frame].snapshot.step);
    };
    out << "first eigenvalue past |lambda| = 0.9: " << when(firstFrameWithNearCircle(t, 1))
        << "; tenth: " << when(firstFrameWithNearCircle(t, 10));
    if (!t.metricName.empty()) out << "; " << metric << " past 0.9: " << when(firstFrameWithMetric(t, 0.9));
    out << "\n";
}

SnapshotList snapshots(const std::string& folder, const std::vector<std::string>& models, const OptionValues& source) {
    if (folder.empty() == models.empty()) throw InputError("command line", "give either --snapshots DIR or --models CKPT,CKPT,...");
    if (source.count("model") || source.count("states"))
        throw InputError("command line", "the timeline's models are --snapshots or --models, not --model/--states");
    return folder.empty() ? snapshotListOf(models) : readSnapshotList(folder);
}

}  // namespace

int timelineCommand(const Args& raw) {
    CLI::App app("Analyses every checkpoint of a training run on the same batch and follows each eigenvalue from one "
                 "checkpoint to the next (optimal assignment on the complex plane), so a mode keeps its identity. "
                 "Prints, per snapshot, the training step, the held-out metric, the fit's relative residual and how "
                 "many eigenvalues have |lambda| > 0.9.",
                 "kann timeline");
    OptionValues source;
    addSourceOptions(app, source);
    std::string folder, json;
    std::vector<std::string> models;
    app.add_option("--snapshots", folder, "the snapshots folder `kann train ... --snapshots N` writes")->type_name("DIR");
    app.add_option("--models", models, "the checkpoints, in training order")->type_name("CKPT,CKPT,...")->delimiter(',');
    app.add_option("--json", json, "write the timeline as JSON to OUT, or to stdout with -")->type_name("OUT|-");
    if (!parseCommand(app, raw)) return 0;
    const SnapshotList list = snapshots(folder, models, source);
    // Every snapshot is the model in turn; the first stands in while the rest of the source is checked.
    source["model"] = list.entries.front().model;
    const Timeline t = buildTimeline(list, sourceSpecFrom(source), stderrProgress());
    if (!json.empty()) writeOutput(timelineJson(t).dump(1), json);
    else printSummary(t, std::cout);
    return 0;
}

}  // namespace kann::cli
