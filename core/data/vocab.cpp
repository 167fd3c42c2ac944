#include "core/data/vocab.h"

#include "core/common/error.h"
#include "core/data/text_file.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <stdexcept>

namespace kann {

namespace {

const std::string_view kContinuation = "##";

// Open-addressing hash index over strings kept in one arena: the tokenizer's hot path does
// millions of lookups, and flat slots keep them to about one cache miss each.
class FlatIndex {
public:
    // Adds `key` -> `id` unless the key is already present (the first id wins).
    void add(std::string_view key, int id) {
        if (count_ * 2 >= slots_.size()) grow();
        insert(key, id);
    }
    int find(std::string_view key) const {
        if (slots_.empty()) return -1;
        const std::size_t h = std::hash<std::string_view>()(key);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.id < 0) return -1;
            if (s.hash == h && viewOf(s) == key) return s.id;
        }
    }

private:
    struct Slot {
        std::size_t hash = 0;
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
        int id = -1;
    };
    std::string_view viewOf(const Slot& s) const { return std::string_view(arena_).substr(s.offset, s.length); }
    void insert(std::string_view key, int id) {
        const std::size_t h = std::hash<std::string_view>()(key);
        std::size_t i = h & mask_;
        for (; slots_[i].id >= 0; i = (i + 1) & mask_)
            if (slots_[i].hash == h && viewOf(slots_[i]) == key) return;
        slots_[i] = {h, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(key.size()), id};
        arena_.append(key);
        ++count_;
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(16, old.size() * 2), Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& s : old)
            if (s.id >= 0) slots_[slotFor(s.hash)] = s;
    }
    std::size_t slotFor(std::size_t h) const {
        std::size_t i = h & mask_;
        while (slots_[i].id >= 0) i = (i + 1) & mask_;
        return i;
    }

    std::vector<Slot> slots_;
    std::string arena_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

}  // namespace

struct Vocab::Table {
    std::string source;
    std::vector<std::string> tokens;
    FlatIndex ids;
    FlatIndex continuations;  // continuation tokens keyed without their "##"
    std::size_t longest = 0;
};

Vocab Vocab::fromTokens(std::vector<std::string> tokens, const std::string& source) {
    auto table = std::make_shared<Table>();
    table->source = source;
    table->tokens = std::move(tokens);
    for (std::size_t i = 0; i < table->tokens.size(); ++i) {
        const std::string_view t = table->tokens[i];
        table->ids.add(t, static_cast<int>(i));
        table->longest = std::max(table->longest, t.size());
        if (t.size() > kContinuation.size() && t.substr(0, kContinuation.size()) == kContinuation)
            table->continuations.add(t.substr(kContinuation.size()), static_cast<int>(i));
    }
    Vocab v;
    v.table_ = std::move(table);
    v.unk_ = v.find("<unk>");
    return v;
}

Vocab Vocab::load(const std::string& path) {
    std::string content;
    try {
        content = readWholeFile(path);
    } catch (const InputError&) {
        throw InputError(path, "cannot open the vocabulary file");
    }
    // Tokens are whole lines, byte for byte: no trimming, not even of '\r'.
    std::vector<std::string> tokens;
    for (std::string_view line : splitLines(content, false)) tokens.emplace_back(line);
    if (tokens.empty()) throw InputError(path, "the vocabulary file is empty");
    return fromTokens(std::move(tokens), path);
}

int Vocab::find(std::string_view token) const { return table_->ids.find(token); }

int Vocab::findContinuation(std::string_view piece) const { return table_->continuations.find(piece); }

const std::string& Vocab::token(int id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= table_->tokens.size())
        throw std::out_of_range("token id " + std::to_string(id) + " outside the vocabulary of " +
                                std::to_string(table_->tokens.size()));
    return table_->tokens[static_cast<std::size_t>(id)];
}

std::size_t Vocab::longestToken() const { return table_->longest; }

std::size_t Vocab::size() const { return table_->tokens.size(); }

const std::string& Vocab::source() const { return table_->source; }

}  // namespace kann
