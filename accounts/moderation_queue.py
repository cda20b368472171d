"""Join requests of structures without an administrator, in the site's moderation queue (places.moderation).

Imported structures have no administrator to answer their join requests: the moderators of the structure's
commune do, from the queue (/moderation/) or from /compte/moderation/structures/.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.structures import pending_for_moderators
from places.moderation import QueueKind, register

JOIN_REQUESTS = register(
    QueueKind(
        slug="join-requests",
        title=gettext_lazy("Demandes pour rejoindre une structure sans administrateur"),
        waiting=pending_for_moderators,
        commune_path="structure__commune",
        url_name="accounts:moderation-join-request",
        heading=lambda join_request: join_request.structure.name,
        describe=lambda join_request: (
            _("%(person)s demande à rejoindre la structure")
            % {"person": join_request.user.get_full_name() or join_request.user.get_username()}
        ),
    )
)
