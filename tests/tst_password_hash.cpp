// Operator password hashing (core/crypto/PasswordHash): the RFC 7914 scrypt vector through the
// stored format, round trips, wrong passwords, and stored strings that are malformed, tampered
// with or carry absurd parameters (refused without running scrypt on them).
#include "core/crypto/PasswordHash.h"

#include <QRegularExpression>
#include <QtTest>

using namespace flotilla::crypto;
using namespace Qt::StringLiterals;

namespace {

// Cheap parameters for the tests that are not about the cost (2^10 * 8 * 128 = 1 MiB).
const ScryptParameters Fast{10, 8, 1};

// RFC 7914 §12, third vector: scrypt("pleaseletmein", "SodiumChloride", N = 16384, r = 8, p = 1).
// Our hashes are 32 bytes: the first half of the RFC's 64-byte output (PBKDF2 blocks are
// independent). Cross-checked with `openssl kdf -keylen 32 ... SCRYPT`.
QString rfcVectorStored()
{
    const QByteArray key = QByteArray::fromHex("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2");
    return u"scrypt$14$8$1$%1$%2"_s.arg(QString::fromLatin1(QByteArray("SodiumChloride").toBase64()),
                                        QString::fromLatin1(key.toBase64()));
}

// stored with field index replaced by value.
QString withField(const QString &stored, int index, const QString &value)
{
    QStringList parts = stored.split(u'$');
    parts[index] = value;
    return parts.join(u'$');
}

} // namespace

class TestPasswordHash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownAnswer();
    void roundTrip_data();
    void roundTrip();
    void saltMakesEveryHashDifferent();
    void defaultParametersAreInTheString();
    void refusesMalformedOrTampered_data();
    void refusesMalformedOrTampered();
    void needsRehash_data();
    void needsRehash();
};

void TestPasswordHash::knownAnswer()
{
    QVERIFY(verifyPassword(u"pleaseletmein"_s, rfcVectorStored()));
    QVERIFY(!verifyPassword(u"pleaseletmeIn"_s, rfcVectorStored()));
}

void TestPasswordHash::roundTrip_data()
{
    QTest::addColumn<QString>("password");
    QTest::newRow("ascii") << u"correct horse battery staple"_s;
    QTest::newRow("unicode") << u"Pässwörd-时间-🚗"_s;
    QTest::newRow("dollar signs") << u"$$scrypt$1$2$3$$"_s;
    QTest::newRow("long") << QString(5000, u'x');
}

void TestPasswordHash::roundTrip()
{
    QFETCH(QString, password);
    const auto stored = hashPassword(password, Fast);
    QVERIFY2(stored, qPrintable(stored.errorString()));
    QVERIFY(stored->startsWith(u"scrypt$10$8$1$"_s));
    QVERIFY(verifyPassword(password, *stored));
    QVERIFY(!verifyPassword(password + u'!', *stored));
    QVERIFY(!verifyPassword(password.chopped(1), *stored));
    QVERIFY(!verifyPassword(QString(), *stored));
}

void TestPasswordHash::saltMakesEveryHashDifferent()
{
    const auto a = hashPassword(u"same password"_s, Fast);
    const auto b = hashPassword(u"same password"_s, Fast);
    QVERIFY(a && b);
    QVERIFY(*a != *b);
    QVERIFY(a->split(u'$')[4] != b->split(u'$')[4]);
    QVERIFY(verifyPassword(u"same password"_s, *a));
    QVERIFY(verifyPassword(u"same password"_s, *b));
}

void TestPasswordHash::defaultParametersAreInTheString()
{
    const auto stored = hashPassword(u"a default password"_s);
    QVERIFY2(stored, qPrintable(stored.errorString()));
    const ScryptParameters defaults;
    QVERIFY(stored->startsWith(u"scrypt$%1$%2$%3$"_s.arg(defaults.logN).arg(defaults.r).arg(defaults.p)));
    // 16 bytes of salt and 32 of hash, base64.
    const QStringList parts = stored->split(u'$');
    QCOMPARE(QByteArray::fromBase64(parts[4].toLatin1()).size(), 16);
    QCOMPARE(QByteArray::fromBase64(parts[5].toLatin1()).size(), 32);
    QVERIFY(verifyPassword(u"a default password"_s, *stored));
    QVERIFY(!flotilla::crypto::needsRehash(*stored));
}

void TestPasswordHash::refusesMalformedOrTampered_data()
{
    QTest::addColumn<QString>("stored");
    const QString good = rfcVectorStored();
    QTest::newRow("empty") << QString();
    QTest::newRow("plain text password") << u"pleaseletmein"_s;
    QTest::newRow("other scheme") << withField(good, 0, u"bcrypt"_s);
    QTest::newRow("too few fields") << good.section(u'$', 0, 4);
    QTest::newRow("too many fields") << good + u"$x"_s;
    QTest::newRow("logN not a number") << withField(good, 1, u"fourteen"_s);
    QTest::newRow("logN 0") << withField(good, 1, u"0"_s);
    QTest::newRow("logN negative") << withField(good, 1, u"-14"_s);
    // A tampered row must not make one login take minutes or gigabytes.
    QTest::newRow("logN absurd") << withField(good, 1, u"40"_s);
    QTest::newRow("logN 21") << withField(good, 1, u"21"_s);
    QTest::newRow("r absurd") << withField(good, 2, u"100000"_s);
    QTest::newRow("r 0") << withField(good, 2, u"0"_s);
    QTest::newRow("p absurd") << withField(good, 3, u"1000"_s);
    QTest::newRow("p 0") << withField(good, 3, u"0"_s);
    QTest::newRow("salt not base64") << withField(good, 4, u"Sodium*Chloride"_s);
    QTest::newRow("salt too short") << withField(good, 4, QString::fromLatin1(QByteArray("NaCl").toBase64()));
    QTest::newRow("hash not base64") << withField(good, 5, u"!!!!"_s);
    QTest::newRow("hash truncated") << withField(
        good, 5, QString::fromLatin1(QByteArray::fromBase64(good.section(u'$', 5).toLatin1()).left(31).toBase64()));
    QByteArray flipped = QByteArray::fromBase64(good.section(u'$', 5).toLatin1());
    flipped[0] = char(flipped[0] ^ 1);
    QTest::newRow("hash bit flipped") << withField(good, 5, QString::fromLatin1(flipped.toBase64()));
    QTest::newRow("other salt") << withField(good, 4, QString::fromLatin1(QByteArray("SodiumChlorida").toBase64()));
    QTest::newRow("other N") << withField(good, 1, u"13"_s);
}

void TestPasswordHash::refusesMalformedOrTampered()
{
    QFETCH(QString, stored);
    QVERIFY(!verifyPassword(u"pleaseletmein"_s, stored));
    // Unreadable strings count as "needs a new hash" (every readable row here is below the defaults).
    QVERIFY(flotilla::crypto::needsRehash(stored));
}

void TestPasswordHash::needsRehash_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<bool>("expected");
    const QString vector = rfcVectorStored(); // logN 14 < the default 15
    QTest::newRow("weaker N") << vector << true;
    QTest::newRow("default") << withField(vector, 1, u"15"_s) << false;
    QTest::newRow("stronger N") << withField(vector, 1, u"16"_s) << false;
    QTest::newRow("weaker r") << withField(withField(vector, 1, u"15"_s), 2, u"4"_s) << true;
    QTest::newRow("stronger p") << withField(withField(vector, 1, u"15"_s), 3, u"2"_s) << false;
    QTest::newRow("garbage") << u"not a hash"_s << true;
}

void TestPasswordHash::needsRehash()
{
    QFETCH(QString, stored);
    QFETCH(bool, expected);
    QCOMPARE(flotilla::crypto::needsRehash(stored), expected);
    // Against explicit, lower parameters the RFC vector is strong enough.
    QVERIFY(!flotilla::crypto::needsRehash(rfcVectorStored(), ScryptParameters{14, 8, 1}));
}

QTEST_GUILESS_MAIN(TestPasswordHash)
#include "tst_password_hash.moc"
