"""Documents made from registrations: badges, certificates of attendance, the attendance
export."""
