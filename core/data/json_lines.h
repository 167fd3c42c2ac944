#pragma once
// JSON Lines (one JSON object per line), read with nlohmann_json into the records a table has.
#include "core/data/csv_table.h"

#include <string>
#include <string_view>

namespace kann {

// Row 0 holds the keys, in the order they first appear; every later row one object's values as
// text: strings as written, numbers and booleans as JSON spells them, null or absent as "".
// Blank lines are skipped. Throws InputError(source, "line N ...") for a line that is not a JSON object.
CsvRecords readJsonLines(std::string_view content, const std::string& source);

}  // namespace kann
