"""Django's ModelBackend, asked only about permissions that exist as model permissions.

The portal's own permissions ("activities.import_activities", "points.view_pioneer_index"…)
are `rules` predicates (each app's rules.py), not model permissions. Asked about one of
them, ModelBackend still loads the user's and their groups' permissions (two queries per
request) to answer False. The model permissions are those Django creates for every model
at `migrate` (its default permissions and its Meta.permissions), so their names are known
from the models without a query.
"""

from functools import cache

from django.apps import apps
from django.contrib.auth.backends import ModelBackend


@cache
def model_permission_names() -> frozenset[str]:
    names = set()
    for model in apps.get_models():
        opts = model._meta
        codenames = [f"{action}_{opts.model_name}" for action in opts.default_permissions]
        codenames += [codename for codename, _ in opts.permissions]
        names.update(f"{opts.app_label}.{codename}" for codename in codenames)
    return frozenset(names)


class ModelPermissionBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if perm not in model_permission_names():
            return False
        return super().has_perm(user_obj, perm, obj)
