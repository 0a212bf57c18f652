"""Model choices rendered from one plain query.

Django's `ModelChoiceIterator` streams each select's choices through `queryset.iterator()`:
on PostgreSQL a server-side cursor, three round trips (DECLARE, FETCH, CLOSE) per select, and
the query runs again each time the choices are read. The portal's choice lists are scoped to
a branch or a court, so they are small: `cached_choices(form)` makes every model choice field
of a form read its queryset once, into the queryset's result cache.
"""

from django import forms


class CachedChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # evaluated once; the result cache serves later reads
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.queryset)


def cached_choices(form: forms.Form) -> None:
    """Switch the form's model choice fields to `CachedChoiceIterator` (after their querysets)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            field.iterator = CachedChoiceIterator
            field.widget.choices = field.choices
