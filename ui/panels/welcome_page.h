#pragma once
// The first thing a teacher or a new user sees: the built-in demos, each with a picture, a
// sentence on what it shows and one button; plus a way to open one's own model.
#include <QWidget>

namespace kann::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

signals:
    void demoRequested(const QString& name);
    void openOwnRequested();

private:
    QWidget* card(const QString& name);
};

}  // namespace kann::ui
