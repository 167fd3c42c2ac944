#pragma once
// The colours that carry a meaning across views, named once: the selection is the same orange in
// the spectrum, the table's companions, the heat map and every figure exported from them.
#include <QColor>

namespace kann::ui::palette {

inline const QColor kSelection(230, 85, 13);     // the selected mode, review or cut
inline const QColor kData(33, 102, 172);         // a curve or bar of the data itself
inline const QColor kComparison(117, 80, 170);   // a second spectrum overlaid
inline const QColor kMuted(150, 150, 150);       // baselines, tracks, what is shown for context
inline const QColor kFrame(200, 200, 200);       // the thin border of legends and info boxes
inline const QColor kBoxFill(255, 255, 255, 230);  // info boxes and legends over data
inline const QColor kInk(20, 20, 20);            // titles and text drawn by hand
inline const QColor kNegative(178, 24, 43);      // the negative end of a signed scale, errors
inline const QColor kPositive(33, 102, 172);     // the positive end of a signed scale

// `colour` at `alpha` (0-255), for shading behind data.
inline QColor faded(QColor colour, int alpha) {
    colour.setAlpha(alpha);
    return colour;
}

}  // namespace kann::ui::palette
