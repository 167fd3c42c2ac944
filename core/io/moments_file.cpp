#include "core/io/moments_file.h"

#include "core/common/error.h"
#include "core/io/npy.h"
#include "core/io/zip_archive.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>

namespace kann {

namespace {

const char* const kMatrices[] = {"gram", "lagged", "firsts", "lasts"};
const char* const kVectors[] = {"sum", "first_sum", "last_sum"};
const char* const kFingerprintEntry = "fingerprint.json";
// InputMoments' fields, present together or not at all.
const char* const kInputEntries[] = {"input_gram", "state_input", "input_next", "input_sum"};

// The i-th of kMatrices in `m` (const or not).
template <typename Moments>
auto& matrix(Moments& m, int i) {
    return i == 0 ? m.gram : i == 1 ? m.lagged : i == 2 ? m.firsts : m.lasts;
}

// The i-th of kVectors in `m`.
template <typename Moments>
auto& sumOf(Moments& m, int i) {
    return i == 0 ? m.sum : i == 1 ? m.firstSum : m.lastSum;
}

std::string vectorNpy(const Eigen::RowVectorXd& v) {
    return formatNpy(NpyArray::from<double>({v.size()}, std::vector<double>(v.data(), v.data() + v.size())));
}

std::string matrixNpy(const Eigen::MatrixXd& m) {
    // Row-major bytes for NumPy's C order.
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = m;
    return formatNpy(NpyArray::from<double>({rows.rows(), rows.cols()},
                                            std::vector<double>(rows.data(), rows.data() + rows.size())));
}

std::string countNpy(std::int64_t n) { return formatNpy(NpyArray::from<std::int64_t>({}, {n})); }

// The finite float64 values of entry `name`, which must have `shape` (-1: any size, square).
std::vector<double> readValues(const ZipArchive& zip, const std::string& name, std::vector<std::int64_t>& shape) {
    const std::string entry = name + ".npy";
    if (!zip.contains(entry)) throw InputError(zip.path(), "not a moments file: no '" + entry + "'");
    const NpyArray a = parseNpy(zip.read(entry), zip.path() + ": " + entry);
    const bool square = a.shape.size() == 2 && a.shape[0] == a.shape[1];
    if (shape == std::vector<std::int64_t>{-1, -1} && square) shape = a.shape;
    if (!a.isFloat() || a.shape != shape)
        throw InputError(zip.path(), "'" + entry + "' must be a float array of shape " +
                                         (shape.size() == 2 ? "[m, m]" : "[m]") +
                                         (shape[0] >= 0 ? " with m = " + std::to_string(shape[0]) : std::string()));
    std::vector<double> values = a.toDouble();
    for (double v : values)
        if (!std::isfinite(v)) throw InputError(zip.path(), "'" + entry + "' holds a non-finite value");
    return values;
}

Eigen::MatrixXd readMatrix(const ZipArchive& zip, const std::string& name, Eigen::Index dim, Eigen::Index cols = -1) {
    std::vector<std::int64_t> shape{dim, cols < 0 ? dim : cols};
    const std::vector<double> values = readValues(zip, name, shape);
    return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        values.data(), shape[0], shape[1]);
}

Eigen::RowVectorXd readVector(const ZipArchive& zip, const std::string& name, Eigen::Index dim) {
    std::vector<std::int64_t> shape{dim};
    const std::vector<double> values = readValues(zip, name, shape);
    return Eigen::Map<const Eigen::RowVectorXd>(values.data(), dim);
}

std::int64_t readCount(const ZipArchive& zip, const std::string& name) {
    const std::string entry = name + ".npy";
    if (!zip.contains(entry)) throw InputError(zip.path(), "not a moments file: no '" + entry + "'");
    const std::vector<std::int64_t> v = parseNpy(zip.read(entry), zip.path() + ": " + entry).toInt64(zip.path());
    if (v.size() != 1 || v[0] < 0) throw InputError(zip.path(), "'" + entry + "' must be one count >= 0");
    return v[0];
}

Fingerprint readFingerprint(const ZipArchive& zip) {
    if (!zip.contains(kFingerprintEntry)) throw InputError(zip.path(), std::string("no '") + kFingerprintEntry + "'");
    const nlohmann::json j = nlohmann::json::parse(zip.read(kFingerprintEntry, 1 << 20), nullptr, false);
    if (!j.is_object()) throw InputError(zip.path(), std::string("'") + kFingerprintEntry + "' is not a JSON object");
    Fingerprint f;
    for (const auto& [key, value] : j.items()) {
        if (!value.is_string()) throw InputError(zip.path(), "fingerprint entry '" + key + "' is not text");
        f[key] = value.get<std::string>();
    }
    return f;
}

// The input blocks of a fit with inputs, when the file holds them (all four or none).
std::optional<InputMoments> readInputs(const ZipArchive& zip, Eigen::Index dim) {
    int present = 0;
    for (const char* name : kInputEntries) present += zip.contains(std::string(name) + ".npy");
    if (present == 0) return std::nullopt;
    if (present != 4) throw InputError(zip.path(), "holds some of the input blocks of a fit with inputs but not all four");
    InputMoments in;
    in.gram = readMatrix(zip, kInputEntries[0], -1);
    const Eigen::Index q = in.gram.rows();
    in.stateInput = readMatrix(zip, kInputEntries[1], dim, q);
    in.inputNext = readMatrix(zip, kInputEntries[2], q, dim);
    in.sum = readVector(zip, kInputEntries[3], q);
    return in;
}

// The first entry on which two fingerprints disagree, in words; empty when they agree.
std::string difference(const Fingerprint& a, const Fingerprint& b) {
    for (const auto& [key, value] : a) {
        const auto it = b.find(key);
        if (it == b.end()) return key + " (given in the first, absent in the second)";
        if (it->second != value) return key + " ('" + value + "' vs '" + it->second + "')";
    }
    for (const auto& [key, value] : b)
        if (!a.count(key)) return key + " (absent in the first, given in the second)";
    return {};
}

}  // namespace

void writeMoments(const std::string& path, const MomentsPart& part) {
    std::vector<std::pair<std::string, std::string>> entries;
    const StateMoments& m = part.moments;
    for (int i = 0; i < 4; ++i) entries.emplace_back(std::string(kMatrices[i]) + ".npy", matrixNpy(matrix(m, i)));
    for (int i = 0; i < 3; ++i) entries.emplace_back(std::string(kVectors[i]) + ".npy", vectorNpy(sumOf(m, i)));
    if (m.inputs) {
        const Eigen::MatrixXd* blocks[] = {&m.inputs->gram, &m.inputs->stateInput, &m.inputs->inputNext};
        for (int i = 0; i < 3; ++i) entries.emplace_back(std::string(kInputEntries[i]) + ".npy", matrixNpy(*blocks[i]));
        entries.emplace_back(std::string(kInputEntries[3]) + ".npy", vectorNpy(m.inputs->sum));
    }
    entries.emplace_back("rows.npy", countNpy(m.rows));
    entries.emplace_back("pairs.npy", countNpy(m.pairs));
    entries.emplace_back("sequences.npy", countNpy(part.sequences));
    entries.emplace_back(kFingerprintEntry, nlohmann::json(part.fingerprint).dump(2));
    writeZipArchive(path, entries);
}

MomentsPart readMoments(const std::string& path) {
    const ZipArchive zip(path);
    MomentsPart part;
    part.moments.gram = readMatrix(zip, kMatrices[0], -1);
    for (int i = 1; i < 4; ++i) matrix(part.moments, i) = readMatrix(zip, kMatrices[i], part.moments.gram.rows());
    const Eigen::Index dim = part.moments.gram.rows();
    for (int i = 0; i < 3; ++i) sumOf(part.moments, i) = readVector(zip, kVectors[i], dim);
    part.moments.inputs = readInputs(zip, dim);
    part.moments.rows = readCount(zip, "rows");
    part.moments.pairs = readCount(zip, "pairs");
    part.sequences = readCount(zip, "sequences");
    if (part.moments.pairs + part.sequences != part.moments.rows)
        throw InputError(path, "inconsistent counts: " + std::to_string(part.moments.rows) + " rows, " +
                                   std::to_string(part.moments.pairs) + " pairs and " +
                                   std::to_string(part.sequences) + " sequences (rows = pairs + sequences)");
    part.fingerprint = readFingerprint(zip);
    return part;
}

MomentsPart mergeMoments(const std::vector<std::string>& paths) {
    if (paths.empty()) throw InputError("--moments", "no moments files given");
    MomentsPart total = readMoments(paths[0]);
    for (std::size_t p = 1; p < paths.size(); ++p) {
        const MomentsPart part = readMoments(paths[p]);
        const std::string differs = difference(total.fingerprint, part.fingerprint);
        if (!differs.empty())
            throw InputError(paths[p], "cannot merge with " + paths[0] + ": they differ in " + differs);
        if (part.moments.gram.rows() != total.moments.gram.rows())
            throw InputError(paths[p], "states of dimension " + std::to_string(part.moments.gram.rows()) + ", " +
                                           paths[0] + " has " + std::to_string(total.moments.gram.rows()));
        if (part.moments.inputs.has_value() != total.moments.inputs.has_value() ||
            (part.moments.inputs && part.moments.inputs->gram.rows() != total.moments.inputs->gram.rows()))
            throw InputError(paths[p], "cannot merge with " + paths[0] + ": their input blocks differ (--fit, or the model's input)");
        addMoments(total.moments, part.moments);
        total.sequences += part.sequences;
    }
    return total;
}

}  // namespace kann
