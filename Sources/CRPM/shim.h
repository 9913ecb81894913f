// librpm for Swift: the types and declarations for reading packages and formatting their headers.
// Nothing links librpm: only `nodeprofile package` uses it, so RPMInspector opens librpm.so.9 with dlopen when it
// reads a package, and every other command starts without loading librpm and the ~20 libraries it pulls in.
#include <rpm/rpmlib.h>
#include <rpm/rpmts.h>
#include <rpm/rpmio.h>
#include <rpm/rpmlog.h>
#include <rpm/header.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmmacro.h>

// Macros that do not import into Swift, re-exported as constants.
static const rpmVSFlags NODEPROFILE_RPMVSF_MASK_NOSIGNATURES = RPMVSF_MASK_NOSIGNATURES;
static const rpmVSFlags NODEPROFILE_RPMVSF_MASK_NODIGESTS = RPMVSF_MASK_NODIGESTS;

// The functions RPMInspector calls, as pointer types for the addresses dlsym returns (same signatures as the headers).
typedef __typeof__(&rpmReadConfigFiles) nodeprofile_rpmReadConfigFiles;
typedef __typeof__(&rpmtsCreate) nodeprofile_rpmtsCreate;
typedef __typeof__(&rpmtsFree) nodeprofile_rpmtsFree;
typedef __typeof__(&rpmtsSetVSFlags) nodeprofile_rpmtsSetVSFlags;
typedef __typeof__(&Fopen) nodeprofile_Fopen;
typedef __typeof__(&Ferror) nodeprofile_Ferror;
typedef __typeof__(&Fclose) nodeprofile_Fclose;
typedef __typeof__(&rpmReadPackageFile) nodeprofile_rpmReadPackageFile;
typedef __typeof__(&headerFree) nodeprofile_headerFree;
typedef __typeof__(&headerFormat) nodeprofile_headerFormat;
