// SMTP client: being written
