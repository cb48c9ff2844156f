"""Channels: each turns its media (email, the demo button; web chat, voice and SIP next) into a routing
`NewContact` and follows events. Channels import routing, desk, scripts and platform; nothing imports them."""
