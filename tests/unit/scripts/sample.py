"""A small script exercising every step kind, shared by the scripts unit tests."""

from __future__ import annotations

from datetime import UTC, datetime

SAMPLE = """\
slug: sample-order
name: Sample order call
language: en
direction: outbound
start: greet
fields:
  delivery_date: {type: date, label: Delivery date, required: true}
  rating: {type: number, label: Rating, min: 1, max: 5}
  reason: {type: text, label: Reason}
  email: {type: email, label: Email, customer_field: email}
outcomes:
  confirmed: {label: Order confirmed, success: true}
  callback: {label: Call back later}
objections:
  - {label: Too expensive, goto: price}
emails:
  offer:
    subject: "An offer for {{ customer.name }}"
    body: "Hello {{ customer.name }}, here is our offer from {{ company }}."
kb:
  delivery: {title: Delivery terms, body: We deliver within 3 days.}
nodes:
  greet:
    text: "Good afternoon, this is {{ agent.name }} from {{ company }}."
    next: can_talk
  can_talk:
    text: Is it convenient for you to talk now?
    hint: Listen for hesitation.
    options:
      - {answer: "Yes", next: ask_date}
      - {answer: "No", next: bye_later}
      - {answer: Other, field: reason, next: bye_later}
  ask_date:
    text: When should we deliver?
    field: delivery_date
    kb: [delivery]
    next: ask_rating
  ask_rating:
    text: How do you rate us, 1 to 5?
    field: rating
    next: check
  check:
    branch:
      - {if: "rating >= 4 and customer.orders_count > 0", next: offer}
      - {else: closing}
  offer:
    text: I will send you our offer by email.
    email: offer
    next: closing
  price:
    text: I understand. Our price includes free delivery.
    next: return
  closing:
    text: Did I answer all your questions?
    next: bye
  bye: {text: "Thank you, goodbye!", end: confirmed}
  bye_later: {text: "Thank you, I will call you back.", end: callback}
"""

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW
