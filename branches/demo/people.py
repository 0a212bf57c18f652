"""Draws one court's people (names, dates, phone and ID numbers) and election terms."""

import datetime
import random

from branches import services
from branches.demo.content import (
    COMMON_SURNAMES,
    GIVEN_ANY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    ID_REGION,
    PHONE_PREFIXES,
    SURNAMES,
    Education,
    Job,
)
from branches.models import Member


def _plus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _People:
    """Draws names, dates and numbers for one court from its own seeded generator."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng, self.today = rng, today
        self.names: set[str] = set()
        self.phones: set[str] = set()

    def name(self, gender: str) -> str:
        rng = self.rng
        while True:
            surname = rng.choice(COMMON_SURNAMES if rng.random() < 0.4 else SURNAMES)
            pool = GIVEN_MALE if gender == Member.Gender.MALE else GIVEN_FEMALE
            given = rng.choice(pool)
            if rng.random() < 0.7:  # most given names have two characters
                given = rng.choice(GIVEN_ANY + pool) + given
            if surname + given not in self.names:
                self.names.add(surname + given)
                return surname + given

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def birth_date(self, ages: tuple[int, int]) -> datetime.date:
        age = self.rng.randint(*ages)
        return _plus_years(self.today, -age) - datetime.timedelta(days=self.rng.randint(1, 364))

    def id_number(self, birth: datetime.date, gender: str) -> str:
        sequence = self.rng.randrange(100, 999)
        if (sequence % 2 == 1) != (gender == Member.Gender.MALE):  # odd for men
            sequence += 1 if sequence < 998 else -1
        body = f"{ID_REGION}{birth:%Y%m%d}{sequence:03d}"
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
        return body + check

    def education(self, job: str) -> str:
        rng = self.rng
        if job in (Job.JUDGE, Job.ASSISTANT):
            return rng.choices(
                [Education.DOCTORATE, Education.MASTER, Education.BACHELOR], weights=[1, 6, 5]
            )[0]
        if job in (Job.CLERK, Job.POLICE, Job.OTHER):
            return rng.choices([Education.BACHELOR, Education.COLLEGE], weights=[7, 3])[0]
        return rng.choices([Education.MASTER, Education.BACHELOR], weights=[3, 7])[0]


def _term(rng: random.Random, today: datetime.date, term: str) -> dict:
    if term == "overdue":
        end = today - datetime.timedelta(days=40)
    elif term == "ending":
        end = today + datetime.timedelta(days=45)
    else:
        end = today + datetime.timedelta(days=rng.randint(180, 900))
    return {
        "term_start": _plus_years(end, -services.TERM_YEARS),
        "term_end": end,
        "next_election_due": end,
    }


def _date_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))
