// libpq, PostgreSQL's C client library (apt libpq-dev), for CustodyStore's PostgreSQL stores.
// Imported only under Sources/CustodyStore/Postgres/.
#include <libpq-fe.h>
