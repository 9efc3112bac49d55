"""The negotiation playbook: for every finding category, what a member reads and says.

Per category: a one-line ``title`` a member understands, a short ``ask`` for the next-steps
list, the ``line`` to send the client, and the ``fallback`` if the client refuses. Plus the
three arguments for an AI clause, a reply to "please remove your AI clause", and the red
flag when a client refuses any AI restriction. The wording is ClauseScout's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzers.model import CATEGORIES


@dataclass(frozen=True, slots=True)
class Play:
    title: str
    ask: str
    line: str
    fallback: str


PLAYBOOK: dict[str, Play] = {
    "ai_training_grant": Play(
        title="AI training allowed",
        ask="Ask to remove the permission to train AI on your work",
        line=(
            "Happy to give you every right the project needs. What I can't agree to is my "
            "work being used to train or test AI models, so could we remove that part?"
        ),
        fallback=(
            "Offer a separate, paid AI licence instead: named models, internal use only, "
            "no vendors, and a set end date."
        ),
    ),
    "data_processing_rights": Play(
        title="Broad rights to mine or reuse your work",
        ask="Limit data use to delivering the project",
        line=(
            "Could we limit how my work and data are used to what the project needs? "
            "Please add that this excludes data mining, building datasets and AI training."
        ),
        fallback=(
            "At least add one sentence: this does not include training, fine-tuning or "
            "testing AI or machine learning models."
        ),
    ),
    "ai_protection": Play(
        title="AI protection in place",
        ask="Keep the AI protection clause as it is",
        line=(
            "I'd like to keep the AI clause. It protects us both: your confidential material "
            "stays out of third-party AI tools, and the work keeps its value."
        ),
        fallback=(
            "If they want it softer, keep at least the training ban and the vendor flow-down, "
            "and offer a paid AI licence for anything more."
        ),
    ),
    "ip_assignment": Play(
        title="You hand over all rights",
        ask="Transfer rights only on full payment, with an AI carve-out",
        line=(
            "I'm fine transferring rights in the final deliverables once they're paid in "
            "full. Can we add that this excludes AI training, and that my tools and "
            "earlier work stay mine?"
        ),
        fallback=(
            "Offer a licence instead of a transfer, or price the full buy-out higher than "
            "a licence."
        ),
    ),
    "work_for_hire": Play(
        title="Work-for-hire wording",
        ask="Replace work-for-hire with a transfer on full payment",
        line=(
            "As an independent contractor, 'work made for hire' doesn't really fit. Could we "
            "use a transfer of rights in the final deliverables once paid in full instead?"
        ),
        fallback=(
            "Keep it, but only for the final deliverables named in the brief: not drafts, "
            "tools or anything made outside the project."
        ),
    ),
    "broad_media_rights": Play(
        title="Use in any media, for any purpose",
        ask="Tie the licence to the media and purpose you agreed",
        line=(
            "Could we tie the licence to the uses we discussed, say web and social for this "
            "campaign? Wider use can be added later for an extra fee."
        ),
        fallback="Accept broad media, but with a time limit or a fee for use beyond the project.",
    ),
    "derivative_works": Play(
        title="Client may change or adapt your work",
        ask="Keep credit off heavily changed versions, and no AI use of adaptations",
        line=(
            "You're welcome to adapt the work for the project. Can we add that versions "
            "changed by others aren't credited to me, and that adaptations can't be used to "
            "train AI?"
        ),
        fallback="Ask to be consulted on major changes, or to have your name removed from them.",
    ),
    "sublicense_third_party": Play(
        title="Rights passed on to third parties",
        ask="Limit sharing to the client and its project vendors",
        line=(
            "Could sharing be limited to your company and the vendors working on this "
            "project, bound by the same terms? Anyone else would need my consent."
        ),
        fallback=(
            "At least require that anyone who gets the work is bound by this contract's "
            "limits, including the AI ones."
        ),
    ),
    "perpetual_irrevocable": Play(
        title="A licence forever, with no way out",
        ask="Limit the licence in time, and let it end if you're not paid",
        line=(
            "Could the licence run for the project term or a set number of years, and end "
            "if invoices go unpaid?"
        ),
        fallback=(
            "Accept a lasting licence for the final work, but keep the right to end it for "
            "non-payment."
        ),
    ),
    "moral_rights_waiver": Play(
        title="You give up credit and moral rights",
        ask="Keep your right to credit",
        line=(
            "Could I keep the right to be credited, and to have my name taken off if the "
            "work is changed a lot?"
        ),
        fallback=(
            "Agree not to object to reasonable edits, in exchange for credit where the work "
            "is shown."
        ),
    ),
    "ip_before_payment": Play(
        title="Rights pass before you're paid",
        ask="Make rights pass only when you're paid in full",
        line=(
            "Can rights transfer when the final invoice is paid in full? Until then you "
            "have a licence to use the work for the project."
        ),
        fallback="Split it by milestone: rights in each part pass when that part is paid.",
    ),
    "portfolio_restriction": Play(
        title="No portfolio use",
        ask="Keep the right to show the work in your portfolio",
        line=(
            "Can I show the finished work in my portfolio once it's public? I'll keep "
            "anything confidential out."
        ),
        fallback="Agree to wait until launch, or to ask first, or to show it privately on request.",
    ),
    "payment_terms": Play(
        title="Slow or conditional payment",
        ask="Ask for payment within 30 days and a late fee",
        line=(
            "Could invoices be due within 30 days, with a late fee on overdue amounts? I'd "
            "also like acceptance to follow the agreed brief, not anyone's discretion."
        ),
        fallback="Ask for a deposit up front and payment per milestone, so less is at risk.",
    ),
    "unlimited_revisions": Play(
        title="Unlimited revisions or scope creep",
        ask="Cap revisions and bill scope changes",
        line=(
            "Could we include two rounds of revisions, with further rounds and scope "
            "changes billed at my usual rate?"
        ),
        fallback=(
            "Accept more rounds, but write down what counts as a revision and what is new work."
        ),
    ),
    "termination_no_fee": Play(
        title="Cancellation without paying for work done",
        ask="Ask for payment for work done plus a kill fee",
        line=(
            "If the project is cancelled, could you pay for the work done so far plus a "
            "kill fee on the remaining amount?"
        ),
        fallback="At minimum, payment for all work done up to the cancellation notice.",
    ),
    "non_compete": Play(
        title="Non-compete or exclusivity",
        ask="Drop the non-compete or narrow it a lot",
        line=(
            "I work with several clients, so a broad non-compete would stop me earning. "
            "Could we drop it, or limit it to not poaching your clients during the project?"
        ),
        fallback=(
            "If they insist, ask to be paid for the exclusivity, and keep it short and narrow."
        ),
    ),
    "indemnification": Play(
        title="You cover the client's legal costs",
        ask="Make the indemnity mutual, limited to your own fault and capped",
        line=(
            "Could the indemnity be mutual and limited to claims caused by my own breach or "
            "negligence, capped at the fees paid?"
        ),
        fallback=(
            "Keep it one-way if you must, but capped, and never for material the client "
            "supplied or changed."
        ),
    ),
    "unlimited_liability": Play(
        title="Uncapped liability",
        ask="Cap your liability at the fees paid",
        line=(
            "Could we cap each side's liability at the fees paid under this contract, and "
            "leave out indirect and consequential losses?"
        ),
        fallback="Accept a higher cap, such as twice the fees, rather than none at all.",
    ),
    "confidentiality_one_sided": Play(
        title="One-sided confidentiality",
        ask="Make confidentiality mutual and time-limited",
        line=(
            "Could confidentiality be mutual and last a set time, say three years? My "
            "rates and methods deserve the same care as your information."
        ),
        fallback=(
            "Accept a long duration, but only for genuinely secret information, not everything."
        ),
    ),
    "unilateral_changes": Play(
        title="Client can change the terms alone",
        ask="Require both parties to agree changes in writing",
        line=("Could changes to the terms, fees or scope need both our written agreement?"),
        fallback=(
            "At least ask for 30 days' notice and the right to leave without penalty if you "
            "disagree."
        ),
    ),
    "arbitration_class_waiver": Play(
        title="Forced arbitration or a far-away forum",
        ask="Ask for your local courts and drop the waivers",
        line=(
            "Could disputes go to the courts where I'm based, including small claims, "
            "without the jury and class-action waivers?"
        ),
        fallback="If arbitration stays, ask the client to pay its fees and to hold it online.",
    ),
    "auto_renewal": Play(
        title="Automatic renewal",
        ask="Make renewal a joint decision",
        line=("Could renewal be something we agree in writing each time, rather than automatic?"),
        fallback=(
            "Ask for a reminder before each renewal and the right to leave on 30 days' notice."
        ),
    ),
}

if set(PLAYBOOK) != set(CATEGORIES):  # fail at import, not in front of a member
    raise RuntimeError(f"playbook does not match the taxonomy: {set(PLAYBOOK) ^ set(CATEGORIES)}")


def play(category: str) -> Play:
    """The playbook entry for a category (a readable fallback for an unknown id)."""
    found = PLAYBOOK.get(category)
    if found is not None:
        return found
    readable = category.replace("_", " ").capitalize()
    return Play(
        title=readable,
        ask=f"Review the {readable.lower()} clause",
        line="Could we talk through this clause? I'd like it to be fair to both of us.",
        fallback="Ask what the clause is for, and propose a narrower version.",
    )


# --- the AI clause: arguments, the ready reply and the red flag -------------------------

AI_ARGUMENTS: tuple[tuple[str, str], ...] = (
    (
        "Value",
        "You're paying for original work. AI trained on it makes cheap look-alikes, and "
        "that lowers its value for you as much as for me.",
    ),
    (
        "Security",
        "Feeding deliverables into AI tools can leak your own confidential material, like "
        "briefs, unreleased products and customer data, to outside vendors.",
    ),
    (
        "Compromise",
        "You get a licence for everything the project needs. AI training rights stay "
        "reserved, and I can license them separately if you ever want them.",
    ),
)

REMOVE_AI_CLAUSE_REPLY = (
    "Thanks for flagging it. The clause doesn't limit anything the project needs: you can "
    "use, publish and adapt the work as agreed. It only rules out AI training, which also "
    "keeps your confidential material out of third-party AI tools. If AI use ever matters "
    "to you, I'm happy to quote a separate licence."
)

RED_FLAG = (
    "A client who refuses any AI limit, even a paid licence, usually plans to train on "
    "your work or pass it to someone who will. Price that in, or walk away."
)
