"""Once a day (lantern.training.tasks.send_training_reminders_task): a reminder to each person whose
training falls due within ``REMINDER_DAYS`` (and to their manager where recorded), once per person,
course and due date. Lantern users are told through the one notification service (in Lantern, and
by email if they chose it); people without an account by email, after the commit."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import User
from lantern.accounts.services import notification_send
from lantern.core.notify import notify_on_commit
from lantern.training.compliance import REMINDER_DAYS, Status
from lantern.training.models import Course, Trainee, TrainingReminder
from lantern.training.selectors.compliance import compliance


def send_training_reminders(today: datetime.date | None = None) -> int:
    """Remind everyone whose course (or refresher) falls due in the next ``REMINDER_DAYS`` days."""
    from lantern.training import tasks

    today = today or timezone.localdate()
    due: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for person in compliance(today=today):
        if person.trainee_id is None:
            continue
        for result in person.results:
            if (result.status == Status.DUE_SOON and result.due_on is not None
                    and (result.due_on - today).days <= REMINDER_DAYS):
                due[person.trainee_id].append((result.course_id, result.due_on))
    if not due:
        return 0
    told = set(TrainingReminder.objects.filter(trainee_id__in=list(due)).values_list("trainee_id", "course_id",
                                                                                   "due_on"))
    titles = {pk: (title, code) for pk, title, code in Course.objects.values_list("pk", "title", "code")}
    trainees = Trainee.objects.select_related("user", "manager").in_bulk(list(due))
    sent = 0
    for trainee_id, items in due.items():
        trainee = trainees[trainee_id]
        for course_id, due_on in items:
            if (trainee_id, course_id, due_on) in told:
                continue
            with transaction.atomic():
                reminder = TrainingReminder.objects.create(trainee=trainee, course_id=course_id, due_on=due_on,
                                                           sent_at=timezone.now())
                course, code = titles[course_id]
                when = f"{due_on:%-d %B %Y}"
                key = f"training:{trainee_id}:{course_id}:{due_on.isoformat()}"
                if trainee.user is not None:
                    notification_send(users=[trainee.user], kind="training.due", reference=code[:40],
                                      message=f"Your {course} is due by {when}", link=reverse("training:mine"),
                                      key=key)
                elif trainee.email:
                    notify_on_commit(tasks.email_training_reminder, reminder.pk, False)
                managers: list[User] = [trainee.manager] if trainee.manager is not None else []
                if managers:
                    notification_send(users=managers, kind="training.due_team", reference=code[:40],
                                      message=f"{course} is due by {when} for someone you manage",
                                      link=reverse("training:trainee-detail", args=[trainee_id]), key=key + ":m")
                elif trainee.manager_email:
                    notify_on_commit(tasks.email_training_reminder, reminder.pk, True)
            sent += 1
    return sent


def email_training_reminder(reminder_id: int, *, manager: bool) -> int:
    """Email the reminder ``reminder_id`` to the person (who has no account), or to their manager's address.
    The address is read here, not passed in: the task's arguments wait in the broker. Returns the number sent."""
    from django.core.mail import send_mail

    reminder = TrainingReminder.objects.select_related("trainee", "course").filter(pk=reminder_id).first()
    if reminder is None:
        return 0
    email = reminder.trainee.manager_email if manager else reminder.trainee.email
    if not email:
        return 0
    course, when = reminder.course.title, f"{reminder.due_on:%-d %B %Y}"
    site = settings.LANTERN_SITE_URL
    if manager:
        subject = f"{course} is due by {when} for someone you manage"
        text = (f"{subject}.\n\nThe training coordinator can tell you who it is and when the next sessions run.\n")
    else:
        subject = f"Your {course} is due by {when}"
        text = (f"{subject}.\n\nAsk your training coordinator for the next session, or see Lantern: {site}\n")
    return send_mail(subject, text, None, [email])
