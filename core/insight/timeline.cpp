#include "core/insight/timeline.h"

#include "core/common/error.h"
#include "core/pipeline/memory_budget.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

namespace kann {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

double numberOrNaN(const json& entry, const char* key) {
    const auto it = entry.find(key);
    return it == entry.end() || it->is_null() ? std::numeric_limits<double>::quiet_NaN() : it->get<double>();
}

SnapshotEntry readEntry(const json& j, const fs::path& folder, const std::string& listFile) {
    SnapshotEntry e;
    e.model = (folder / j.at("file").get<std::string>()).string();
    e.step = j.at("step").get<std::int64_t>();
    e.epoch = numberOrNaN(j, "epoch");
    e.trainLoss = numberOrNaN(j, "train_loss");
    e.metric = numberOrNaN(j, "held_out_metric");
    if (!fs::is_regular_file(e.model)) throw InputError(listFile, "lists " + e.model + ", which is not there");
    return e;
}

// Hungarian method with potentials for rows <= cols (cost is rows x cols); returns column per row.
std::vector<int> assignRows(const Eigen::MatrixXd& cost) {
    const int n = static_cast<int>(cost.rows()), m = static_cast<int>(cost.cols());
    const double inf = std::numeric_limits<double>::infinity();
    // 1-based: column 0 is the virtual start of each augmenting path.
    std::vector<double> u(n + 1, 0), v(m + 1, 0);
    std::vector<int> rowOfColumn(m + 1, 0), way(m + 1, 0);
    for (int i = 1; i <= n; ++i) {
        rowOfColumn[0] = i;
        int j0 = 0;
        std::vector<double> minv(m + 1, inf);
        std::vector<char> used(m + 1, false);
        do {
            used[j0] = true;
            const int i0 = rowOfColumn[j0];
            double delta = inf;
            int j1 = 0;
            for (int j = 1; j <= m; ++j) {
                if (used[j]) continue;
                const double reduced = cost(i0 - 1, j - 1) - u[i0] - v[j];
                if (reduced < minv[j]) minv[j] = reduced, way[j] = j0;
                if (minv[j] < delta) delta = minv[j], j1 = j;
            }
            for (int j = 0; j <= m; ++j) {
                if (used[j]) u[rowOfColumn[j]] += delta, v[j] -= delta;
                else minv[j] -= delta;
            }
            j0 = j1;
        } while (rowOfColumn[j0] != 0);
        do {
            const int j1 = way[j0];
            rowOfColumn[j0] = rowOfColumn[j1];
            j0 = j1;
        } while (j0 != 0);
    }
    std::vector<int> columnOfRow(n, -1);
    for (int j = 1; j <= m; ++j)
        if (rowOfColumn[j] > 0) columnOfRow[rowOfColumn[j] - 1] = j - 1;
    return columnOfRow;
}

// Where each eigenvalue of `spectra[s]` is expected next: its position plus its last move.
struct TrackHead {
    std::complex<double> position, move;
    std::complex<double> predicted() const { return position + move; }
};

// Bytes an exploration holds: its states, Zp and the mode table.
std::uint64_t explorationBytes(const Exploration& e) {
    return sizeof(float) * std::uint64_t(e.states.values.size()) + sizeof(double) * std::uint64_t(e.result.reduced.size()) +
           sizeof(float) * std::uint64_t(e.result.modeTable.size());
}

Exploration analyseSnapshot(const SnapshotEntry& entry, SourceSpec spec, bool keep, const Progress& progress) {
    spec.modelPath = entry.model;
    if (!keep) spec.analysis.keepReduced = false;  // spectra only: stream, hold nothing of the states' size
    Progress inner;
    inner.cancel = progress.cancel;
    try {
        return runExploration(spec, inner);
    } catch (const AnalysisError& error) {
        throw AnalysisError(entry.model + ": " + error.what());
    }
}

}  // namespace

SnapshotList readSnapshotList(const std::string& folder) {
    const fs::path listFile = fs::path(folder) / "snapshots.json";
    std::ifstream in(listFile);
    if (!in) throw InputError(listFile.string(), "no snapshot list here (made by kann train ... --snapshots N)");
    SnapshotList list;
    list.source = folder;
    try {
        const json j = json::parse(in);
        list.metricName = j.value("metric", "");
        for (const json& entry : j.at("snapshots")) list.entries.push_back(readEntry(entry, folder, listFile.string()));
    } catch (const json::exception& e) {
        throw InputError(listFile.string(), std::string("is not a snapshot list: ") + e.what());
    }
    if (list.entries.empty()) throw InputError(listFile.string(), "lists no snapshots");
    std::stable_sort(list.entries.begin(), list.entries.end(),
                     [](const SnapshotEntry& a, const SnapshotEntry& b) { return a.step < b.step; });
    return list;
}

SnapshotList snapshotListOf(const std::vector<std::string>& models) {
    if (models.empty()) throw InputError("--models", "name at least one checkpoint");
    SnapshotList list;
    list.source = "command line";
    for (const std::string& m : models) {
        SnapshotEntry e;
        e.model = m;
        list.entries.push_back(e);
    }
    return list;
}

std::vector<int> minimumCostAssignment(const Eigen::MatrixXd& cost) {
    if (cost.rows() <= cost.cols()) return assignRows(cost);
    const std::vector<int> rowOfColumn = assignRows(cost.transpose());
    std::vector<int> columnOfRow(cost.rows(), -1);
    for (int c = 0; c < static_cast<int>(rowOfColumn.size()); ++c) columnOfRow[rowOfColumn[c]] = c;
    return columnOfRow;
}

std::vector<std::vector<int>> trackSpectra(const std::vector<Eigen::VectorXcd>& spectra) {
    std::vector<std::vector<int>> tracks;
    std::vector<TrackHead> heads;  // per track
    for (const Eigen::VectorXcd& now : spectra) {
        std::vector<int> track(now.size(), -1);
        if (!tracks.empty() && !tracks.back().empty() && now.size() > 0) {
            const std::vector<int>& before = tracks.back();
            Eigen::MatrixXd cost(now.size(), before.size());
            for (int i = 0; i < now.size(); ++i)
                for (int b = 0; b < static_cast<int>(before.size()); ++b)
                    cost(i, b) = std::abs(now[i] - heads[before[b]].predicted());
            const std::vector<int> match = minimumCostAssignment(cost);
            for (int i = 0; i < now.size(); ++i)
                if (match[i] >= 0) track[i] = before[match[i]];
        }
        for (int i = 0; i < now.size(); ++i) {
            if (track[i] < 0) {
                track[i] = static_cast<int>(heads.size());
                heads.push_back({now[i], 0.0});
            } else {
                TrackHead& h = heads[track[i]];
                h.move = now[i] - h.position;
                h.position = now[i];
            }
        }
        tracks.push_back(std::move(track));
    }
    return tracks;
}

Timeline buildTimeline(const SnapshotList& list, const SourceSpec& base, const Progress& progress,
                       bool keepExplorations) {
    Timeline t;
    t.metricName = list.metricName;
    const auto n = static_cast<std::int64_t>(list.entries.size());
    std::vector<Eigen::VectorXcd> spectra;
    for (std::int64_t i = 0; i < n; ++i) {
        const SnapshotEntry& entry = list.entries[i];
        progress.step(i, n, "snapshot " + std::to_string(i + 1) + "/" + std::to_string(n));
        auto e = std::make_shared<Exploration>(analyseSnapshot(entry, base, keepExplorations, progress));
        if (keepExplorations && i == 0) {
            MemoryNeed need;
            need.fixed = explorationBytes(*e) * std::uint64_t(n);
            requireMemory(need, "keeping the analysis of all " + std::to_string(n) +
                                    " snapshots (a smaller batch or fewer snapshots would need less)", list.source);
        }
        TimelineFrame f;
        f.snapshot = entry;
        f.eigenvalues = e->result.eigenvalues;
        f.dominance = e->result.dominance;
        f.residual = e->result.residual;
        f.nearCircle = static_cast<int>((f.eigenvalues.array().abs() > kNearCircleModulus).count());
        if (keepExplorations) f.exploration = std::move(e);
        spectra.push_back(f.eigenvalues);
        t.frames.push_back(std::move(f));
    }
    const std::vector<std::vector<int>> tracks = trackSpectra(spectra);
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        t.frames[i].track = tracks[i];
        for (int id : tracks[i]) t.tracks = std::max(t.tracks, id + 1);
    }
    progress.step(n, n, "done");
    return t;
}

int firstFrameWithNearCircle(const Timeline& timeline, int count) {
    for (std::size_t i = 0; i < timeline.frames.size(); ++i)
        if (timeline.frames[i].nearCircle >= count) return static_cast<int>(i);
    return -1;
}

int firstFrameWithMetric(const Timeline& timeline, double level) {
    for (std::size_t i = 0; i < timeline.frames.size(); ++i)
        if (timeline.frames[i].snapshot.metric >= level) return static_cast<int>(i);
    return -1;
}

}  // namespace kann
