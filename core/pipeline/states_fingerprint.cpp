#include "core/pipeline/states_fingerprint.h"

#include "core/io/sha256.h"
#include "core/pipeline/option_schema.h"

namespace kann {

Fingerprint statesFingerprint(const SourceSpec& spec) {
    Fingerprint f;
    for (const SourceOption& o : sourceOptions()) {
        const std::string value = o.read(spec);
        if (o.group == "files") {
            if (!value.empty()) f["--" + o.name] = "SHA-256 " + sha256Path(value);
        } else if (o.group != "analysis" && o.name != "batch" && o.name != "offset") {
            f["--" + o.name] = value;
        }
    }
    // Parts gathered for a fit with inputs hold the input blocks too, and merge only with such parts.
    if (spec.analysis.fit == Fit::Inputs) f["--fit"] = fitName(spec.analysis.fit);
    return f;
}

}  // namespace kann
