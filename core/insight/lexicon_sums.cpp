#include "core/insight/lexicon_sums.h"

#include "core/common/error.h"
#include "core/insight/statistics.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <string_view>
#include <tuple>

namespace kann {

namespace {

using cd = std::complex<double>;

// The summed modes: P·v_j (hidden space to φ_j) as columns, λ_j, and φ of the all-zero state every
// unroll starts from (non-zero only for PCA's centering).
struct ModeColumns {
    Eigen::MatrixXd toRe, toIm;  // Re and Im of P·v_j
    Eigen::RowVectorXcd start;
    std::vector<cd> lambda;
};

ModeColumns modeColumns(const KoopmanResult& r, const std::vector<int>& modes) {
    ModeColumns c;
    Eigen::MatrixXcd v(r.k, static_cast<Eigen::Index>(modes.size()));
    for (std::size_t m = 0; m < modes.size(); ++m) {
        const int j = modes[m];
        if (j < 0 || j >= r.k) throw InputError("mode", std::to_string(j) + " is outside 0.." + std::to_string(r.k - 1));
        v.col(static_cast<Eigen::Index>(m)) = r.V.col(j);
        c.lambda.push_back(r.eigenvalues(j));
    }
    const Eigen::MatrixXcd toPhi = r.basis.cast<cd>() * v;
    c.toRe = toPhi.real();
    c.toIm = toPhi.imag();
    c.start = -r.mean.cast<cd>() * toPhi;
    return c;
}

// φ of the summed modes at the first `steps` steps of a sequence whose states start at `first`.
Eigen::MatrixXcd phiOf(const float* first, int steps, int dim, const KoopmanResult& r, const ModeColumns& modes) {
    const RowMatrixXd z = Eigen::Map<const RowMatrixXf>(first, steps, dim).cast<double>().rowwise() - r.mean;
    Eigen::MatrixXcd phi(steps, modes.toRe.cols());
    phi.real() = z * modes.toRe;
    phi.imag() = z * modes.toIm;
    return phi;
}

// ‖x(last piece) - x(before the first piece)‖ of a word, in the states' order; `start` is x before
// the first step.
float change(const RowMatrixXf& rows, const Word& w, const Eigen::RowVectorXf& start) {
    const int first = w.firstPiece, last = first + w.pieceCount - 1;
    return first > 0 ? (rows.row(last) - rows.row(first - 1)).norm() : (rows.row(last) - start).norm();
}

// AUC of one score per word (NaN scores left out) for membership in the lexicon.
template <class Score>
double lexiconAuc(const std::vector<WordScores>& words, Score score) {
    std::vector<double> scores;
    std::vector<bool> member;
    for (const WordScores& w : words)
        if (const double s = score(w); std::isfinite(s)) scores.push_back(s), member.push_back(w.inLexicon);
    return rocAuc(scores, member);
}

// Flat bytes: values appended and read back in order.
class Bytes {
public:
    explicit Bytes(std::string_view in = {}) : in_(in) {}
    template <class T> void put(const T& x) { out_.append(reinterpret_cast<const char*>(&x), sizeof x); }
    void put(const std::string& s) {
        put<std::uint64_t>(s.size());
        out_ += s;
    }
    template <class T> T get() {
        T x;
        std::memcpy(&x, take(sizeof x), sizeof x);
        return x;
    }
    std::string getString() {
        const auto n = get<std::uint64_t>();
        return std::string(take(n), n);
    }
    bool done() const { return at_ == in_.size(); }
    std::string& out() { return out_; }

private:
    const char* take(std::size_t n) {
        if (n > in_.size() - at_) throw InputError("lexicon sums", "the bytes end early: not the sums of a lexicon check");
        const char* p = in_.data() + at_;
        at_ += n;
        return p;
    }
    std::string_view in_;
    std::string out_;
    std::size_t at_ = 0;
};

constexpr std::uint32_t kMagic = 0x4b4c5853;  // "KLXS"

}  // namespace

LexiconSums::LexiconSums(std::vector<int> modes) : modes_(std::move(modes)) {}

LexiconSums::Sums& LexiconSums::entry(const std::string& word, int sequence, int w) {
    const auto [it, added] = words_.try_emplace(word);
    Sums& s = it->second;
    if (added) {
        s.kick.assign(modes_.size(), 0.0);
        s.value.assign(modes_.size(), 0.0);
    }
    if (added || std::tie(sequence, w) < std::tie(s.firstSequence, s.firstWord)) s.firstSequence = sequence, s.firstWord = w;
    return s;
}

void LexiconSums::add(const WordBlock& block) {
    const KoopmanResult& r = block.result;
    const ModeColumns modes = modeColumns(r, modes_);
    const Eigen::RowVectorXf zero = Eigen::RowVectorXf::Zero(block.states.dim);
    Eigen::RowVectorXf logitStart;
    if (block.readout) logitStart = block.readout->readout(RowMatrixXf(zero)).row(0);
    logits_ = logits_ || block.readout;
    // Case folding costs more than the scores: each written form is folded once a block.
    std::unordered_map<std::string_view, std::string> forms;
    const auto formOf = [&forms](std::string_view written) -> const std::string& {
        const auto [it, added] = forms.try_emplace(written);
        if (added) it->second = lexiconForm(written);
        return it->second;
    };
    for (int b = 0; b < static_cast<int>(block.sequences.size()); ++b) {
        const int seq = block.sequences[b], steps = r.lengths[seq];
        const int valid = std::min(steps, block.states.lengths[b]);
        const Eigen::MatrixXcd phi = phiOf(block.states.row(b, 0), steps, block.states.dim, r, modes);
        const RowMatrixXf hidden = Eigen::Map<const RowMatrixXf>(block.states.row(b, 0), valid, block.states.dim);
        const RowMatrixXf logits = block.readout ? block.readout->readout(hidden) : RowMatrixXf();
        const TokenizedText& text = block.texts[b];
        for (int w = 0; w < static_cast<int>(text.words.size()); ++w) {
            const Word& word = text.words[w];
            const int first = word.firstPiece, n = word.pieceCount;
            if (n <= 0 || first + n > valid) continue;
            const std::string& form = formOf(std::string_view(text.text).substr(word.begin, word.end - word.begin));
            if (form.empty()) continue;
            Sums& s = entry(form, seq, w);
            ++s.occurrences;
            // In reversed time a word is read from its last piece to its first.
            const int end = block.timeReversed ? steps - 1 - first : first + n - 1, begin = end - n + 1;
            for (std::size_t m = 0; m < modes_.size(); ++m) {
                const auto col = static_cast<Eigen::Index>(m);
                const cd after = phi(end, col), before = begin > 0 ? phi(begin - 1, col) : modes.start(col);
                s.kick[m] += static_cast<float>(std::abs(after - std::pow(modes.lambda[m], n) * before));
                s.value[m] += static_cast<float>(after.real());
            }
            s.hiddenChange += change(hidden, word, zero);
            if (block.readout) s.logitChange += change(logits, word, logitStart);
        }
    }
}

void LexiconSums::merge(const LexiconSums& other) {
    if (other.modes_ != modes_) throw InputError("lexicon sums", "the parts to merge sum different modes");
    logits_ = logits_ || other.logits_;
    for (const auto& [word, o] : other.words_) {
        Sums& s = entry(word, o.firstSequence, o.firstWord);
        s.occurrences += o.occurrences;
        for (std::size_t m = 0; m < modes_.size(); ++m) s.kick[m] += o.kick[m], s.value[m] += o.value[m];
        s.hiddenChange += o.hiddenChange;
        s.logitChange += o.logitChange;
    }
}

std::string LexiconSums::serialized() const {
    Bytes out;
    out.put(kMagic);
    out.put<std::uint64_t>(modes_.size());
    for (int j : modes_) out.put<std::int32_t>(j);
    out.put<std::uint8_t>(logits_);
    out.put<std::uint64_t>(words_.size());
    for (const auto& [word, s] : words_) {
        out.put(word);
        out.put<std::int64_t>(s.occurrences);
        out.put<std::int32_t>(s.firstSequence);
        out.put<std::int32_t>(s.firstWord);
        for (std::size_t m = 0; m < modes_.size(); ++m) out.put(s.kick[m]), out.put(s.value[m]);
        out.put(s.hiddenChange);
        out.put(s.logitChange);
    }
    return std::move(out.out());
}

LexiconSums LexiconSums::deserialized(const std::string& bytes) {
    Bytes in(bytes);
    if (in.get<std::uint32_t>() != kMagic) throw InputError("lexicon sums", "the bytes are not the sums of a lexicon check");
    std::vector<int> modes(in.get<std::uint64_t>());
    for (int& j : modes) j = in.get<std::int32_t>();
    LexiconSums sums(std::move(modes));
    sums.logits_ = in.get<std::uint8_t>() != 0;
    for (auto words = in.get<std::uint64_t>(); words > 0; --words) {
        const std::string word = in.getString();
        Sums& s = sums.words_[word];
        s.occurrences = in.get<std::int64_t>();
        s.firstSequence = in.get<std::int32_t>();
        s.firstWord = in.get<std::int32_t>();
        for (std::size_t m = 0; m < sums.modes_.size(); ++m) {
            s.kick.push_back(in.get<double>());
            s.value.push_back(in.get<double>());
        }
        s.hiddenChange = in.get<double>();
        s.logitChange = in.get<double>();
    }
    if (!in.done()) throw InputError("lexicon sums", "the bytes go on past the sums of a lexicon check");
    return sums;
}

std::vector<std::pair<const std::string*, const LexiconSums::Sums*>> LexiconSums::listed(int minOccurrences) const {
    if (minOccurrences < 1) throw InputError("lexicon check", "the minimum number of occurrences must be at least 1");
    std::vector<std::pair<const std::string*, const Sums*>> out;
    for (const auto& [word, s] : words_)
        if (s.occurrences >= minOccurrences) out.emplace_back(&word, &s);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return std::tie(a.second->firstSequence, a.second->firstWord) < std::tie(b.second->firstSequence, b.second->firstWord);
    });
    return out;
}

LexiconCheck LexiconSums::check(const Lexicon& lexicon, int minOccurrences) const {
    LexiconCheck check;
    check.minOccurrences = minOccurrences;
    check.modes = modes_;
    for (const auto& [word, s] : listed(minOccurrences)) {
        const double n = static_cast<double>(s->occurrences);
        WordScores w;
        w.word = *word;
        w.occurrences = static_cast<int>(s->occurrences);
        w.inLexicon = lexicon.words.count(*word) > 0;
        for (double kick : s->kick) w.kick.push_back(kick / n);
        w.hiddenChange = s->hiddenChange / n;
        if (logits_) w.logitChange = s->logitChange / n;
        check.lexiconWords += w.inLexicon;
        check.words.push_back(std::move(w));
    }
    for (std::size_t m = 0; m < modes_.size(); ++m)
        check.modeAuc.push_back(lexiconAuc(check.words, [m](const WordScores& w) { return w.kick[m]; }));
    check.hiddenChangeAuc = lexiconAuc(check.words, [](const WordScores& w) { return w.hiddenChange; });
    check.logitChangeAuc = lexiconAuc(check.words, [](const WordScores& w) { return w.logitChange; });
    return check;
}

SignedEnds LexiconSums::ends(int mode, double orientation, int count, int minOccurrences) const {
    const auto at = std::find(modes_.begin(), modes_.end(), mode);
    if (at == modes_.end()) throw InputError("mode", std::to_string(mode) + " is not among the modes the lexicon sums hold");
    const std::size_t m = static_cast<std::size_t>(at - modes_.begin());
    std::vector<WordValue> values;
    for (const auto& [word, s] : listed(minOccurrences))
        values.push_back({*word, static_cast<int>(s->occurrences), orientation * s->value[m] / static_cast<double>(s->occurrences)});
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.value > b.value; });
    SignedEnds ends;
    ends.mode = mode;
    const std::size_t n = std::min<std::size_t>(std::max(count, 0), values.size());
    ends.top.assign(values.begin(), values.begin() + n);
    ends.bottom.assign(values.rbegin(), values.rbegin() + n);
    return ends;
}

}  // namespace kann
