#include "core/data/vocab.h"

#include "core/common/error.h"
#include "core/data/text_file.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
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

// Ids beyond this are refused: a JSON vocabulary's ids size the table.
constexpr std::int64_t kMaxId = 1 << 26;

using Json = nlohmann::json;

bool isJsonFile(const std::string& path) {
    const std::size_t dot = path.rfind('.');
    return dot != std::string::npos && path.substr(dot) == ".json";
}

// The JSON value of `content`, or null when it is not JSON; refuses repeated object keys, which
// a plain parse would silently merge.
Json parseJsonVocab(const std::string& content, const std::string& path) {
    std::set<std::string> keys;
    const auto noRepeats = [&](int depth, Json::parse_event_t event, Json& parsed) {
        if (event == Json::parse_event_t::key && depth == 1 && !keys.insert(parsed.get<std::string>()).second)
            throw InputError(path, "the token '" + parsed.get<std::string>() + "' appears twice in the JSON object");
        return true;
    };
    Json j = Json::parse(content, noRepeats, false);
    if (j.is_discarded() && isJsonFile(path)) throw InputError(path, "is named .json but is not valid JSON");
    return j.is_discarded() ? Json() : j;
}

std::int64_t tokenId(const std::string& token, const Json& id, const std::string& path) {
    if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() >= kMaxId)
        throw InputError(path, "the token '" + token + "' has id " + id.dump() +
                                   ": a {token: id} vocabulary needs ids from 0 to " + std::to_string(kMaxId - 1));
    return id.get<std::int64_t>();
}

std::vector<std::string> tokensOfObject(const Json& j, const std::string& path) {
    std::vector<std::string> tokens;
    std::vector<bool> taken;
    for (const auto& [token, value] : j.items()) {
        const auto id = static_cast<std::size_t>(tokenId(token, value, path));
        if (id >= tokens.size()) tokens.resize(id + 1), taken.resize(id + 1);
        if (taken[id]) throw InputError(path, "the tokens '" + tokens[id] + "' and '" + token + "' share id " + std::to_string(id));
        tokens[id] = token;
        taken[id] = true;
    }
    return tokens;
}

std::vector<std::string> tokensOfList(const Json& j, const std::string& path) {
    std::vector<std::string> tokens;
    std::set<std::string> seen;
    for (const Json& t : j) {
        if (!t.is_string()) throw InputError(path, "entry " + std::to_string(tokens.size()) + " of the JSON list is not a string");
        if (!seen.insert(t.get<std::string>()).second)
            throw InputError(path, "the token '" + t.get<std::string>() + "' appears twice in the JSON list");
        tokens.push_back(t.get<std::string>());
    }
    return tokens;
}

}  // namespace

const std::vector<std::string> Vocab::kUnknownTokens = {"<unk>", "[UNK]", "<UNK>", "UNK"};

struct Vocab::Table {
    std::string source;
    std::string form;  // "one token per line", "JSON object" or "JSON list"
    std::vector<std::string> tokens;
    FlatIndex ids;
    FlatIndex continuations;  // continuation tokens keyed without their "##"
    std::size_t longest = 0;
};

Vocab Vocab::fromTokens(std::vector<std::string> tokens, const std::string& source, const std::string& unk) {
    return build(std::move(tokens), source, unk, "given tokens");
}

Vocab Vocab::build(std::vector<std::string> tokens, const std::string& source, const std::string& unk,
                   const std::string& form) {
    auto table = std::make_shared<Table>();
    table->source = source;
    table->form = form;
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
    v.unkNamed_ = !unk.empty();
    if (v.unkNamed_) {
        v.unk_ = v.find(unk);
        if (v.unk_ < 0) throw InputError(source, "the vocabulary has no token '" + unk + "' (named by --unk)");
    }
    for (auto it = kUnknownTokens.begin(); v.unk_ < 0 && it != kUnknownTokens.end(); ++it) v.unk_ = v.find(*it);
    return v;
}

Vocab Vocab::load(const std::string& path, const std::string& unk) {
    std::string content;
    try {
        content = readWholeFile(path);
    } catch (const InputError&) {
        throw InputError(path, "cannot open the vocabulary file");
    }
    const std::string_view start = trimmed(content).substr(0, 1);
    const Json j = start == "{" || start == "[" ? parseJsonVocab(content, path) : Json();
    std::vector<std::string> tokens;
    std::string form = "one token per line";
    if (j.is_object()) {
        tokens = tokensOfObject(j, path);
        form = "JSON object {token: id}";
    } else if (j.is_array()) {
        tokens = tokensOfList(j, path);
        form = "JSON list";
    } else {
        // Tokens are whole lines, byte for byte: no trimming, not even of '\r'.
        for (std::string_view line : splitLines(content, false)) tokens.emplace_back(line);
    }
    if (tokens.empty()) throw InputError(path, "the vocabulary file is empty");
    return build(std::move(tokens), path, unk, form);
}

std::string Vocab::describe() const {
    const std::string unk = unk_ < 0 ? "no unknown token"
                                     : "unknown token '" + token(unk_) + "'" + (unkNamed_ ? " (--unk)" : " (found; --unk names another)");
    return "vocabulary " + table_->source + " (" + table_->form + ", " + std::to_string(size()) + " tokens), " + unk;
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
