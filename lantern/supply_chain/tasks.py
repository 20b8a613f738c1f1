"""Background work of the supply-chain app, run by Celery (eagerly under the local and test settings).

Services queue these on commit (lantern.core.notify.notify_on_commit).
"""

from celery import shared_task

from lantern.supply_chain import notifications


@shared_task(name="lantern.supply_chain.send_questionnaire_link")
def send_questionnaire_link(questionnaire_id: int, encrypted_token: str) -> int:
    """Email a supplier's contact the link to their questionnaire. The token travels encrypted (the
    broker and any task log see only ciphertext). Returns the number of emails sent."""
    return notifications.send_questionnaire_link(questionnaire_id, encrypted_token)


@shared_task(name="lantern.supply_chain.due_diligence_daily")
def due_diligence_daily() -> dict[str, int]:
    """Daily (Celery beat): expire questionnaires whose link ran out, and remind the owners of
    corrective actions due soon or overdue."""
    from lantern.supply_chain.services.due_diligence import questionnaires_expire_due  # services queue tasks

    return {"expired": questionnaires_expire_due(), "reminded": notifications.remind_corrective_actions()}
