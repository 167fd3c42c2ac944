#include "core/data/csv_table.h"

#include "core/common/error.h"

#include <csv.h>

namespace kann {

namespace {

struct Collector {
    CsvRecords out;
    std::vector<std::string> row;
    std::size_t line = 1;
    std::size_t recordStart = 1;  // the line after the last complete record
};

void onField(void* field, std::size_t length, void* data) {
    auto* c = static_cast<Collector*>(data);
    c->row.emplace_back(field ? static_cast<const char*>(field) : "", field ? length : 0);
}

void onRow(int, void* data) {
    auto* c = static_cast<Collector*>(data);
    c->out.rows.push_back(std::move(c->row));
    c->out.lines.push_back(c->line);
    c->row.clear();
    c->recordStart = c->line + 1;
}

// Python's csv module keeps spaces and tabs around unquoted fields; libcsv would trim them.
int noSpace(unsigned char) { return 0; }

// Owns a libcsv parser so every exit frees it.
class Parser {
public:
    explicit Parser(char delimiter) {
        if (csv_init(&p_, 0) != 0) throw std::bad_alloc();
        csv_set_delim(&p_, static_cast<unsigned char>(delimiter));
        csv_set_space_func(&p_, noSpace);
    }
    ~Parser() { csv_free(&p_); }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;
    csv_parser* get() { return &p_; }
    // Inside a quoted field with no closing quote yet. libcsv reports this only in strict mode,
    // which would also refuse the stray quotes Python's csv module and pandas accept.
    bool insideQuotes() const { return p_.quoted && p_.pstate == kFieldBegun; }

private:
    static constexpr int kFieldBegun = 2;  // libcsv's FIELD_BEGUN parser state
    csv_parser p_{};
};

}  // namespace

CsvRecords parseCsv(std::string_view content, char delimiter, const std::string& source) {
    Parser parser(delimiter);
    Collector c;
    // Fed line by line so each record knows the line it ends on, for messages.
    for (std::size_t start = 0; start < content.size(); ++c.line) {
        std::size_t end = content.find('\n', start);
        end = end == std::string_view::npos ? content.size() : end + 1;
        if (csv_parse(parser.get(), content.data() + start, end - start, onField, onRow, &c) != end - start)
            throw InputError(source, "line " + std::to_string(c.line) + ": " + csv_strerror(csv_error(parser.get())));
        start = end;
    }
    --c.line;
    // pandas refuses this too ("EOF inside string"); Python's csv module would swallow the rest.
    if (parser.insideQuotes())
        throw InputError(source, "a quote opened on or after line " + std::to_string(c.recordStart) +
                                     " is never closed");
    csv_fini(parser.get(), onField, onRow, &c);
    return std::move(c.out);
}

}  // namespace kann
