from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.forms import NAME_MAX_LENGTH
from accounts.models import Membership
from accounts.services import create_token, is_member
from places.models import Structure


class Command(BaseCommand):
    help = (
        "Create an API token for a structure on behalf of one of its members and print its key, once: only its "
        "digest is kept. With --add-member, first make the user an administrator of the structure (an operator "
        "setting up a partner). Members can also create tokens themselves on their page (/compte/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--structure", type=int, required=True, help="The structure's id.")
        parser.add_argument("--user", required=True, help="The username of the member creating the token.")
        parser.add_argument(
            "--name", required=True, help="What the token is for, e.g. « Logiciel de gestion »."
        )
        parser.add_argument(
            "--add-member",
            action="store_true",
            help="Make the user an administrator of the structure first if they are not a member.",
        )

    def handle(self, *args, structure, user, name, add_member, **options):
        structure_id, username = structure, user
        structure = Structure.objects.filter(pk=structure_id).first()
        if structure is None:
            raise CommandError(f"No structure with id {structure_id}.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        name = name.strip()
        if not name or len(name) > NAME_MAX_LENGTH:
            raise CommandError(f"--name must be 1 to {NAME_MAX_LENGTH} characters long.")
        with transaction.atomic():
            if not is_member(user, structure):
                if not add_member:
                    raise CommandError(
                        f"{username} is not a member of “{structure.name}” (id {structure.pk}): only members "
                        "create its tokens. Pass --add-member to make them an administrator of it first."
                    )
                Membership.objects.create(user=user, structure=structure, role=Membership.Role.ADMIN)
                self.stderr.write(f"{username} is now an administrator of “{structure.name}”.")
            token, key = create_token(structure=structure, user=user, name=name)
        self.stderr.write(
            f"Token “{token.name}” created for “{structure.name}”. Its key is shown this once; "
            "use it as `Authorization: Bearer <key>`:"
        )
        # The key alone on stdout, so a script can capture it: KEY=$(manage.py create_api_token …)
        self.stdout.write(key)
