#include "server/EventBus.h"

namespace flotilla::server {

EventBus::EventBus(QObject *parent)
    : QObject(parent)
{}

} // namespace flotilla::server
