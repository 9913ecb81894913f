// librpm for Swift: reading packages and formatting their headers.
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
