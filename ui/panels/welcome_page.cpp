#include "ui/panels/welcome_page.h"

#include "ui/window/demo_catalog.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSvgRenderer>
#include <QVBoxLayout>

namespace kann::ui {
namespace {

constexpr QSize kPicture(256, 160);  // three cards fit a 1024-pixel screen

QPixmap picture(const QString& path) {
    QPixmap pixmap(kPicture * 2);
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::white);
    QPainter painter(&pixmap);
    if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        QSvgRenderer(path).render(&painter, QRectF(QPointF(0, 0), kPicture));
    } else {
        const QImage image(path);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        const QSize fitted = image.size().scaled(kPicture, Qt::KeepAspectRatio);
        painter.drawImage(QRectF(QPointF((kPicture.width() - fitted.width()) / 2.0,
                                         (kPicture.height() - fitted.height()) / 2.0), fitted), image);
    }
    return pixmap;
}

}  // namespace

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
    auto* heading = new QLabel(tr("<h1>KANN Studio</h1>"
                                  "<p style='font-size:13pt'>Look inside recurrent networks through Koopman theory: "
                                  "run a trained network over a batch, fit a linear operator to its hidden states, "
                                  "and click its eigenvalues to see which words or heartbeats each mode follows.</p>"));
    heading->setWordWrap(true);
    heading->setTextFormat(Qt::RichText);
    auto* cards = new QHBoxLayout;
    for (const QString& name : demoNames()) cards->addWidget(card(name));
    auto* own = new QPushButton(tr("Open your own model and dataset…"));
    own->setMinimumHeight(36);
    connect(own, &QPushButton::clicked, this, &WelcomePage::openOwnRequested);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 24, 32, 24);
    layout->addWidget(heading);
    layout->addSpacing(12);
    layout->addLayout(cards);
    layout->addSpacing(12);
    layout->addWidget(own, 0, Qt::AlignLeft);
    layout->addStretch(1);
}

QWidget* WelcomePage::card(const QString& name) {
    auto* frame = new QFrame;
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setObjectName("demo-" + name);
    auto* image = new QLabel;
    auto* title = new QLabel;
    auto* text = new QLabel;
    title->setWordWrap(true);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto* open = new QPushButton(tr("Open demo"));
    open->setObjectName("open-" + name);
    try {
        const Demo demo = loadDemo(name);
        const bool hasPicture = !demo.picture.isEmpty() && QFileInfo::exists(demo.picture);
        image->setPixmap(picture(hasPicture ? demo.picture : ":/icons/demo-" + name + ".svg"));
        title->setText("<h3>" + demo.title.toHtmlEscaped() + "</h3>");
        text->setText(demo.description.toHtmlEscaped());
        connect(open, &QPushButton::clicked, this, [this, name] { emit demoRequested(name); });
    } catch (const std::exception& error) {
        image->setPixmap(picture(":/icons/demo-" + name + ".svg"));
        title->setText("<h3>" + name + "</h3>");
        text->setText("<span style='color:#b2182b'>" + QString::fromStdString(error.what()).toHtmlEscaped() + "</span>");
        open->setEnabled(false);
    }
    auto* layout = new QVBoxLayout(frame);
    layout->addWidget(image, 0, Qt::AlignHCenter);
    layout->addWidget(title);
    layout->addWidget(text, 1);
    layout->addWidget(open);
    return frame;
}

}  // namespace kann::ui
