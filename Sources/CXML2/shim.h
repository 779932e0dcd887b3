// libxml2's SAX2 push parser, for the signer's pain.001 decoder. FoundationXML already loads
// libxml2 at run time; this target only makes its headers visible (apt libxml2-dev).
//
// Debian builds libxml2 with ICU, so encoding.h would include the system's ICU headers, whose
// declarations clash with the ICU copy inside Foundation. The SAX2 API never touches ICU; the
// only declaration that changes is xmlCharEncodingHandler's private converter fields, which
// Swift code here never reads.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
