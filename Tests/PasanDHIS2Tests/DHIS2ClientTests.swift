import PasanDHIS2
import Testing
