"""The web channel (#15): the sites an admin sets up for the widget (origins, topics -> queues, buttons,
pre-chat form, texts, theme) and, next, the widget itself."""
